package dev.syncbench.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.InternalPartition;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.partition.PartitionReplica;
import dev.syncbench.partition.Partitioning;
import dev.syncbench.protocol.PartitionMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * This member's PARTITION_MAP, read from Hazelcast's partition table (owner and backups of each
 * of the 271 partitions, which are ours one to one) and its member list. Members that left stay
 * listed as FAILED, as in TopGun. The version is this member's own counter (TopGun's is too): it
 * goes up by one whenever a refresh finds the members, their status or any owner or backup
 * changed, and each new map is pushed to this member's clients. A member that said it was leaving
 * (a graceful shutdown) is dropped from the map once gone, not marked FAILED.
 */
final class PartitionMapTracker {
    static final String NODE_ID = "syncbench.nodeId";
    static final String WEBSOCKET = "syncbench.websocket";

    private final HazelcastInstance hazelcast;
    private final InternalPartitionService partitions;
    private final int backupCount;
    private final Consumer<PartitionMap> onChange;
    private final IntConsumer onOwnerLost;
    private final Map<String, PartitionMap.Node> seen = new TreeMap<>();
    private final Set<String> departing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private List<PartitionMap.Node> lastNodes = List.of();
    private List<PartitionMap.Partition> lastPartitions = List.of();
    private long version;
    private volatile PartitionMap current;

    /**
     * @param onChange    told each new map
     * @param onOwnerLost told each partition whose owner left the cluster, once the map shows its new owner
     */
    PartitionMapTracker(HazelcastInstance hazelcast, int backupCount, Consumer<PartitionMap> onChange,
                        IntConsumer onOwnerLost) {
        this.hazelcast = hazelcast;
        // Backups are not in Hazelcast's public API; the member's own partition table has them.
        this.partitions = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getPartitionService();
        this.backupCount = backupCount;
        this.onChange = onChange;
        this.onOwnerLost = onOwnerLost;
    }

    PartitionMap current() {
        return current;
    }

    /** The member said it is leaving gracefully: once it is gone it is no longer listed. */
    void departing(String nodeId) {
        departing.add(nodeId);
    }

    /** Reads the table again; publishes a new version if anything changed. */
    void refresh() {
        PartitionMap changed;
        List<Integer> lostOwners = new ArrayList<>();
        synchronized (this) {
            Map<UUID, String> nodeIds = new HashMap<>();
            Set<String> active = new HashSet<>();
            for (Member member : hazelcast.getCluster().getMembers()) {
                String nodeId = member.getAttribute(NODE_ID);
                nodeIds.put(member.getUuid(), nodeId);
                active.add(nodeId);
                seen.put(nodeId, new PartitionMap.Node(nodeId, member.getAttribute(WEBSOCKET), "ACTIVE"));
            }
            seen.replaceAll((id, node) -> active.contains(id) ? node
                    : new PartitionMap.Node(id, node.websocket(), "FAILED"));
            seen.keySet().removeIf(id -> !active.contains(id) && departing.remove(id));
            List<PartitionMap.Node> nodes = List.copyOf(seen.values());
            List<PartitionMap.Partition> table = new ArrayList<>(Partitioning.PARTITION_COUNT);
            for (int p = 0; p < Partitioning.PARTITION_COUNT; p++) {
                InternalPartition partition = partitions.getPartition(p);
                String owner = nodeIdOf(partition.getReplica(0), nodeIds);
                if (owner == null) {
                    return; // not assigned yet, or mid-change: read again on the next refresh
                }
                List<String> backups = new ArrayList<>(backupCount);
                for (int r = 1; r <= backupCount; r++) {
                    String backup = nodeIdOf(partition.getReplica(r), nodeIds);
                    if (backup != null) {
                        backups.add(backup);
                    }
                }
                table.add(new PartitionMap.Partition(p, owner, backups));
            }
            if (nodes.equals(lastNodes) && table.equals(lastPartitions)) {
                return;
            }
            for (PartitionMap.Partition before : lastPartitions) {
                if (!active.contains(before.ownerNodeId())) {
                    lostOwners.add(before.partitionId());
                }
            }
            lastNodes = nodes;
            lastPartitions = table;
            version++;
            changed = new PartitionMap(version, Partitioning.PARTITION_COUNT, nodes, table, System.currentTimeMillis());
            current = changed;
        }
        lostOwners.forEach(onOwnerLost::accept);
        onChange.accept(changed);
    }

    private static String nodeIdOf(PartitionReplica replica, Map<UUID, String> nodeIds) {
        return replica == null ? null : nodeIds.get(replica.uuid());
    }
}
