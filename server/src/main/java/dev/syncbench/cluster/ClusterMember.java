package dev.syncbench.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.syncbench.ServerConfig;
import dev.syncbench.protocol.PartitionMap;
import dev.syncbench.service.WriteService;
import dev.syncbench.store.RecordStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This server as a member of a cluster (cluster mode only; a single node never loads this
 * package): an embedded Hazelcast member that owns, backs up and migrates the 271 partitions,
 * the replication of writes to their owners, the feed that keeps the local store a full replica,
 * and the partition map clients are told about.
 */
public final class ClusterMember implements AutoCloseable {
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    private static final long REFRESH_MS = 500;

    private final HazelcastInstance hazelcast;
    private final PartitionMapTracker tracker;
    private final ScheduledExecutorService refresher =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("partition-map").factory());

    private ClusterMember(HazelcastInstance hazelcast, PartitionMapTracker tracker) {
        this.hazelcast = hazelcast;
        this.tracker = tracker;
    }

    /**
     * Joins the cluster the seed nodes form (or starts it), reads every record already in it into
     * the local store, and from then on sends this member's writes to their owners.
     *
     * @param clientPort the port clients reach this member's WebSocket on, for the partition map
     * @param push       gets each new partition map, to send to this member's clients
     */
    public static ClusterMember join(ServerConfig config, int clientPort, RecordStore store, WriteService writes,
                                     Consumer<PartitionMap> push) {
        HAZELCAST_LOG.setLevel(Level.WARNING);
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(MemberConfig.of(config, clientPort));
        try {
            PartitionKeys keys = new PartitionKeys(hazelcast.getPartitionService());
            IMap<RecordKey, byte[]> records = hazelcast.getMap(MemberConfig.RECORDS);
            ReplicaFeed feed = new ReplicaFeed(records, keys, writes);
            // Listening first, then reading what is there: a change in between arrives both ways, and merges once.
            records.addEntryListener(feed, true);
            writes.setReplication(new OwnerReplication(records, keys, store, feed));
            feed.catchUpAll();
            PartitionMapTracker tracker = new PartitionMapTracker(hazelcast, config.clusterBackupCount(), push,
                    feed::catchUp);
            ClusterMember member = new ClusterMember(hazelcast, tracker);
            tracker.refresh();
            member.refresher.scheduleWithFixedDelay(member::refresh, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
            return member;
        } catch (RuntimeException e) {
            hazelcast.shutdown();
            throw e;
        }
    }

    private void refresh() {
        try {
            tracker.refresh();
        } catch (RuntimeException e) {
            // One failed read (the member shutting down, a table mid-change) must not end the refreshes.
            Logger.getLogger(ClusterMember.class.getName()).log(Level.FINE, "partition map refresh failed", e);
        }
    }

    /** The latest partition map, or null before the first full table was read. */
    public PartitionMap partitionMap() {
        return tracker.current();
    }

    /** Leaves the cluster gracefully: Hazelcast hands this member's partitions to the others first. */
    @Override
    public void close() {
        refresher.shutdownNow();
        hazelcast.shutdown();
    }
}
