package dev.syncbench.cluster;

import com.hazelcast.partition.PartitionService;
import dev.syncbench.partition.Partitioning;

/**
 * For each of our 271 partitions (fnv1a(key) % 271), a partition key that Hazelcast hashes into
 * the Hazelcast partition of the same number. Every record key carries its partition's token, so
 * Hazelcast's owner of partition p owns exactly our partition p. Found by trying short strings,
 * which every member does alike: Hazelcast's hash of a string does not depend on the member.
 */
final class PartitionKeys {
    private final String[] tokens = new String[Partitioning.PARTITION_COUNT];

    PartitionKeys(PartitionService partitions) {
        int found = 0;
        for (int candidate = 0; found < tokens.length; candidate++) {
            String token = "p" + candidate;
            int id = partitions.getPartition(token).getPartitionId();
            if (tokens[id] == null) {
                tokens[id] = token;
                found++;
            }
            if (candidate > 1_000_000) {
                throw new IllegalStateException("no partition key found for every Hazelcast partition");
            }
        }
    }

    String token(int partition) {
        return tokens[partition];
    }

    String tokenOf(String key) {
        return tokens[Partitioning.partitionOf(key)];
    }
}
