package dev.syncbench.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.map.IMap;
import dev.syncbench.ServerConfig;
import dev.syncbench.protocol.PartitionMap;
import dev.syncbench.service.CounterService;
import dev.syncbench.service.LockService;
import dev.syncbench.service.TopicService;
import dev.syncbench.service.WriteService;
import dev.syncbench.store.RecordStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This server as a member of a cluster (cluster mode only; a single node never loads this
 * package): an embedded Hazelcast member that owns, backs up and migrates the 271 partitions,
 * the replication of writes to their owners, the feed that keeps the local store a full replica,
 * the partition map clients are told about, and the cluster's topics, locks and counters.
 */
public final class ClusterMember implements AutoCloseable {
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    private static final long REFRESH_MS = 500;

    private final HazelcastInstance hazelcast;
    private final String nodeId;
    private final PartitionMapTracker tracker;
    private final ClusterCounters counters;
    /** Set when a partition's owner was lost, so the counters are read again once the map shows new owners. */
    private final AtomicBoolean ownerLost;
    private final ScheduledExecutorService refresher =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("partition-map").factory());

    private ClusterMember(HazelcastInstance hazelcast, String nodeId, PartitionMapTracker tracker,
                          ClusterCounters counters, AtomicBoolean ownerLost) {
        this.hazelcast = hazelcast;
        this.nodeId = nodeId;
        this.tracker = tracker;
        this.counters = counters;
        this.ownerLost = ownerLost;
    }

    /**
     * Joins the cluster the seed nodes form (or starts it), reads every record and counter already
     * in it into the local store, and from then on sends this member's writes and counter syncs to
     * their owners, its topic publications to the other members, and its lock requests to the
     * cluster's lock table.
     *
     * @param clientPort the port clients reach this member's WebSocket on, for the partition map
     * @param push       gets each new partition map, to send to this member's clients
     */
    public static ClusterMember join(ServerConfig config, int clientPort, RecordStore store, WriteService writes,
                                     TopicService topics, LockService locks, CounterService counters,
                                     Consumer<PartitionMap> push) {
        HAZELCAST_LOG.setLevel(Level.WARNING);
        // Hazelcast completes its futures' callbacks (every submitToKey's result) on the common pool,
        // or, where that pool has one thread (2 cores), on a new platform thread each time: one
        // thread start per replicated key. A virtual thread per callback costs next to nothing.
        ConcurrencyUtil.setDefaultAsyncExecutor(Thread::startVirtualThread);
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(MemberConfig.of(config, clientPort));
        try {
            PartitionKeys keys = new PartitionKeys(hazelcast.getPartitionService());
            IMap<RecordKey, byte[]> records = hazelcast.getMap(MemberConfig.RECORDS);
            ReplicaFeed feed = new ReplicaFeed(records, keys, writes);
            // Listening first, then reading what is there: a change in between arrives both ways, and merges once.
            records.addEntryListener(feed, true);
            writes.setReplication(new OwnerReplication(records, keys, store, feed));
            feed.catchUpAll();

            IMap<String, byte[]> counterMap = hazelcast.getMap(MemberConfig.COUNTERS);
            ClusterCounters clusterCounters = new ClusterCounters(counterMap, counters);
            counterMap.addEntryListener(clusterCounters, true);
            counters.setReplication(clusterCounters);
            clusterCounters.catchUpAll();

            ClusterLocks clusterLocks = new ClusterLocks(hazelcast.getMap(MemberConfig.LOCKS),
                    hazelcast.getCluster().getLocalMember().getUuid().toString());
            hazelcast.getCluster().addMembershipListener(clusterLocks);
            locks.setBackend(clusterLocks);

            var publications = hazelcast.<RelayedPublication>getTopic(MemberConfig.TOPICS);
            TopicBridge bridge = new TopicBridge(publications, topics);
            publications.addMessageListener(bridge);
            topics.setRelay(bridge);

            AtomicBoolean ownerLost = new AtomicBoolean();
            PartitionMapTracker tracker = new PartitionMapTracker(hazelcast, config.clusterBackupCount(), push,
                    partition -> {
                        feed.catchUp(partition);
                        ownerLost.set(true);
                    });
            hazelcast.<String>getTopic(MemberConfig.DEPARTURES).addMessageListener(message -> {
                if (!message.getPublishingMember().localMember()) {
                    tracker.departing(message.getMessageObject());
                }
            });
            ClusterMember member = new ClusterMember(hazelcast, config.nodeId(), tracker, clusterCounters, ownerLost);
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
            if (ownerLost.getAndSet(false)) {
                try {
                    counters.catchUpAll();
                } catch (RuntimeException e) {
                    ownerLost.set(true); // read them again on the next refresh
                    throw e;
                }
            }
        } catch (RuntimeException e) {
            // One failed read (the member shutting down, a table mid-change) must not end the refreshes.
            Logger.getLogger(ClusterMember.class.getName()).log(Level.FINE, "partition map refresh failed", e);
        }
    }

    /** The latest partition map, or null before the first full table was read. */
    public PartitionMap partitionMap() {
        return tracker.current();
    }

    /**
     * Leaves the cluster gracefully: tells the others it is leaving (so their maps drop it rather
     * than mark it failed), then Hazelcast hands this member's partitions to them before it goes.
     */
    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            hazelcast.<String>getTopic(MemberConfig.DEPARTURES).publish(nodeId);
        } catch (RuntimeException e) {
            Logger.getLogger(ClusterMember.class.getName()).log(Level.WARNING, "could not announce leaving", e);
        }
        hazelcast.shutdown();
    }
}
