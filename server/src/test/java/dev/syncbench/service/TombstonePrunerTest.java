package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.syncbench.crdt.Hlc;
import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.metrics.ServerMetrics;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.protocol.ClientOp;
import dev.syncbench.protocol.OpKind;
import dev.syncbench.store.MemoryRecordStore;
import dev.syncbench.sync.MerkleIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

class TombstonePrunerTest {
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void tombstonesOlderThanTheRetentionGoAndEverythingElseStays() {
        MemoryRecordStore store = new MemoryRecordStore();
        PartitionTable partitions = new PartitionTable();
        MerkleIndex merkle = new MerkleIndex(store, partitions);
        WriteService writes = new WriteService(store, partitions, new Hlc("s", () -> NOW, 60_000), new ServerMetrics(), 1 << 20);
        writes.setChangeListener(merkle);
        RecordingSession session = new RecordingSession();
        long dayAgo = NOW - Duration.ofDays(1).toMillis();
        writes.write(session, List.of(
                remove("old-delete", dayAgo - 1),
                remove("fresh-delete", NOW - 1000),
                put("old-value", dayAgo - 1)), null);
        long rootBefore = merkle.lwwTree("m").rootHash();

        TombstonePruner pruner = new TombstonePruner(store, partitions, merkle, Duration.ofHours(12),
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        assertEquals(1, pruner.pruneOnce());

        assertNull(store.getLww("m", "old-delete"));
        assertNotNull(store.getLww("m", "fresh-delete"));
        assertNotNull(store.getLww("m", "old-value"));
        assertEquals(2, merkle.lwwTree("m").size(), "the pruned key left the Merkle tree too");
        assertEquals(0, pruner.pruneOnce());
        assertNotEquals(rootBefore, merkle.lwwTree("m").rootHash());
    }

    private static ClientOp remove(String key, long millis) {
        return new ClientOp(null, "m", key, OpKind.REMOVE, LwwRecord.tombstone(new Timestamp(millis, 0, "c")),
                null, null, null, null, null);
    }

    private static ClientOp put(String key, long millis) {
        LwwRecord record = new LwwRecord(RecordValue.of(ValueFactory.newInteger(1)), new Timestamp(millis, 0, "c"), null);
        return new ClientOp(null, "m", key, OpKind.PUT, record, null, null, null, null, null);
    }
}
