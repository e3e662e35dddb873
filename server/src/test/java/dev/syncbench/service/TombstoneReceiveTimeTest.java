package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.Hlc;
import dev.syncbench.crdt.LwwRecord;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Tombstones are pruned a retention after the server received them, whatever their timestamp, and
 * the GC_PRUNE bound says exactly which went (issue 9, item 8).
 */
class TombstoneReceiveTimeTest {
    private static final long START = 1_800_000_000_000L;
    private static final Duration RETENTION = Duration.ofHours(12);

    private final AtomicLong now = new AtomicLong(START);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final MemoryRecordStore store = new MemoryRecordStore();
    private final PartitionTable partitions = new PartitionTable();
    private final MerkleIndex merkle = new MerkleIndex(store, partitions);
    private final TombstonePruner pruner = new TombstonePruner(store, partitions, merkle, RETENTION, clock);
    private final WriteService writes = new WriteService(store, partitions, new Hlc("s", now::get, 60_000),
            new ServerMetrics(), 1 << 20);
    private final List<Timestamp> told = new ArrayList<>();

    TombstoneReceiveTimeTest() {
        writes.setChangeListener(ChangeListener.all(merkle, pruner));
        pruner.setOnPruned(told::add);
    }

    private void remove(String key, long millis) {
        writes.write(new RecordingSession(), List.of(new ClientOp(null, "m", key, OpKind.REMOVE,
                LwwRecord.tombstone(new Timestamp(millis, 0, "c")), null, null, null, null, null)), null);
    }

    @Test
    void aRemoveStampedLongAgoIsKeptForTheRetentionAfterItArrived() {
        remove("ancient", START - Duration.ofDays(30).toMillis());
        assertEquals(0, pruner.pruneOnce(), "received just now: kept");
        assertNotNull(store.getLww("m", "ancient"));
        assertNull(pruner.pruneBound(), "nothing pruned, nothing to tell");

        now.addAndGet(RETENTION.toMillis() / 2);
        assertEquals(0, pruner.pruneOnce());
        now.addAndGet(RETENTION.toMillis() / 2 + Duration.ofHours(2).toMillis());
        assertEquals(1, pruner.pruneOnce(), "a retention after it arrived: gone");
        assertNull(store.getLww("m", "ancient"));
        assertEquals(1, told.size(), "clients are told once per pass that pruned");
    }

    @Test
    void theBoundCoversExactlyThePrunedTombstones() {
        long t0 = START - Duration.ofDays(2).toMillis();
        remove("old-1", t0);
        remove("old-2", t0 + 10);
        now.addAndGet(RETENTION.toMillis() + Duration.ofHours(2).toMillis());
        // Arrives now with a timestamp between the two: must survive, so the bound stops below it.
        remove("late-old", t0 + 5);
        remove("fresh", now.get() - 1_000);

        assertEquals(1, pruner.pruneOnce());
        assertNull(store.getLww("m", "old-1"));
        assertNotNull(store.getLww("m", "old-2"));
        assertNotNull(store.getLww("m", "late-old"));
        assertNotNull(store.getLww("m", "fresh"));
        Timestamp bound = pruner.pruneBound();
        assertEquals(bound, told.getLast());
        assertTrue(new Timestamp(t0, 0, "c").compareTo(bound) < 0, "the pruned one lies below the bound");
        for (String kept : List.of("old-2", "late-old", "fresh")) {
            assertTrue(store.getLww("m", kept).timestamp().compareTo(bound) >= 0, kept + " lies at or above the bound");
        }

        // A receipt after the pass with an older timestamp lowers what a syncing client is told.
        remove("older-still", t0 - 100);
        assertTrue(pruner.pruneBound().compareTo(new Timestamp(t0 - 100, 0, "c")) <= 0);
    }
}
