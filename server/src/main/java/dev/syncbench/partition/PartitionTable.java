package dev.syncbench.partition;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The 271 partitions of the key space. All state of a key lives in its partition, and merges in
 * one partition run one at a time, so a key's merge, Merkle update and fan-out happen in one order.
 */
public final class PartitionTable {
    private final ReentrantLock[] locks = new ReentrantLock[Partitioning.PARTITION_COUNT];

    public PartitionTable() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Runs {@code work} serialized with every other merge of the key's partition. */
    public <T> T inPartitionOf(String key, Supplier<T> work) {
        ReentrantLock lock = locks[Partitioning.partitionOf(key)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
