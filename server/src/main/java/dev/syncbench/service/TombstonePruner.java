package dev.syncbench.service;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.store.RecordStore;
import dev.syncbench.sync.MerkleIndex;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops LWW tombstones once they are older than the retention. Until then a delete travels in
 * Merkle sync to every replica; a replica offline for longer than the retention may resurrect it.
 */
public final class TombstonePruner {
    private final RecordStore store;
    private final PartitionTable partitions;
    private final MerkleIndex merkle;
    private final Duration retention;
    private final Clock clock;

    public TombstonePruner(RecordStore store, PartitionTable partitions, MerkleIndex merkle, Duration retention, Clock clock) {
        this.store = store;
        this.partitions = partitions;
        this.merkle = merkle;
        this.retention = retention;
        this.clock = clock;
    }

    /** One pass over every map; returns how many tombstones went. */
    public int pruneOnce() {
        long cutoff = clock.millis() - retention.toMillis();
        int pruned = 0;
        for (String mapName : store.lwwMapNames()) {
            List<String> candidates = new ArrayList<>();
            store.forEachLww(mapName, (key, record) -> {
                if (isPrunable(record, cutoff)) {
                    candidates.add(key);
                }
            });
            for (String key : candidates) {
                // Re-checked in the key's partition: a newer write may have landed since the scan.
                boolean removed = partitions.inPartitionOf(key, () -> {
                    LwwRecord current = store.getLww(mapName, key);
                    if (current == null || !isPrunable(current, cutoff)) {
                        return false;
                    }
                    store.removeLww(mapName, key);
                    merkle.lwwRemoved(mapName, key);
                    return true;
                });
                if (removed) {
                    pruned++;
                }
            }
        }
        return pruned;
    }

    private static boolean isPrunable(LwwRecord record, long cutoff) {
        return record.isTombstone() && record.timestamp().millis() < cutoff;
    }
}
