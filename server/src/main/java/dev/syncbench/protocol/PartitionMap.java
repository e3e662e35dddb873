package dev.syncbench.protocol;

import java.util.List;

/**
 * PARTITION_MAP {payload:{version, partitionCount, nodes:[{nodeId, endpoints:{websocket}, status}],
 * partitions:[{partitionId, ownerNodeId, backupNodeIds}], generatedAt}}: who owns which partition,
 * as a cluster member sees it. Sent only in cluster mode (a single node never answers, as TopGun).
 */
public record PartitionMap(long version, int partitionCount, List<Node> nodes, List<Partition> partitions,
                           long generatedAt) implements ServerMessage {
    public static final String TYPE = "PARTITION_MAP";

    public PartitionMap {
        nodes = List.copyOf(nodes);
        partitions = List.copyOf(partitions);
    }

    /** A member as clients should reach it; status ACTIVE, or FAILED once it left the cluster. */
    public record Node(String nodeId, String websocket, String status) {
    }

    public record Partition(int partitionId, String ownerNodeId, List<String> backupNodeIds) {
        public Partition {
            backupNodeIds = List.copyOf(backupNodeIds);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
