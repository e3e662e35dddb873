package dev.syncbench.partition;

/** Which of the fixed 271 partitions a key belongs to; all state of a key lives there. */
public final class Partitioning {
    public static final int PARTITION_COUNT = 271;

    private Partitioning() {
    }

    public static int partitionOf(String key) {
        return (int) (Fnv1a.unsigned(key) % PARTITION_COUNT);
    }
}
