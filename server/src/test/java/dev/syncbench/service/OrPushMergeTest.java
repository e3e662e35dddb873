package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.Hlc;
import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.metrics.ServerMetrics;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.ServerEvent;
import dev.syncbench.store.MemoryRecordStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

/** ORMAP_PUSH_DIFF's merge in WriteService: same result as OrMapEntry.merge, one event per change. */
class OrPushMergeTest {
    private static final String MAP = "or";
    private static final long NOW = 1_700_000_000_000L;

    private final MemoryRecordStore store = new MemoryRecordStore();
    private final WriteService writes = new WriteService(store, new PartitionTable(),
            new Hlc("server", () -> NOW, Hlc.DEFAULT_MAX_DRIFT_MS), new ServerMetrics(), 100);
    private final List<ServerEvent> events = new ArrayList<>();

    OrPushMergeTest() {
        writes.setChangeListener(new ChangeListener() {
            @Override
            public void lwwChanged(String m, String k, LwwRecord p, LwwRecord c, ServerEvent e, ClientSession o) {
            }

            @Override
            public void orChanged(String m, String k, OrMapEntry p, OrMapEntry c, ServerEvent e, ClientSession o) {
                assertEquals(c, store.getOr(m, k), "the store holds the state a listener is told of");
                events.add(e);
            }
        });
    }

    private static OrRecord record(String tag, long millis, int value) {
        return new OrRecord(RecordValue.of(ValueFactory.newInteger(value)), new Timestamp(millis, 0, "c"), tag, null);
    }

    private static dev.syncbench.protocol.OrMapEntry pushed(String key, List<OrRecord> records, List<String> tombstones) {
        return new dev.syncbench.protocol.OrMapEntry(key, records, tombstones);
    }

    @Test
    void pushedEntryMergesAndTellsListenersOfEachSurvivingRecordAndNewTombstone() {
        store.putOr(MAP, "k", OrMapEntry.EMPTY.add(record("a", NOW, 1)).add(record("b", NOW, 2)));
        ErrorMessage error = writes.mergeOrEntries(null, MAP, List.of(
                pushed("k", List.of(record("b", NOW, 9), record("c", NOW, 3), record("d", NOW, 4)), List.of("a", "d"))));
        assertNull(error);
        OrMapEntry stored = store.getOr(MAP, "k");
        assertEquals(List.of("b", "c"), stored.records().stream().map(OrRecord::tag).sorted().toList());
        assertEquals(java.util.Set.of("a", "d"), stored.tombstones());
        List<String> described = events.stream().map(e -> e.eventType() + ":" + e.orTag()).toList();
        // b is not newer than the stored b, d is tombstoned in the same push: neither is an add
        assertEquals(List.of("OR_REMOVE:a", "OR_REMOVE:d", "OR_ADD:c"), described);
    }

    @Test
    void aRecordTooFarInTheFutureAppliesNothing() {
        ErrorMessage error = writes.mergeOrEntries(null, MAP, List.of(
                pushed("ok", List.of(record("a", NOW, 1)), List.of()),
                pushed("late", List.of(record("b", NOW + 120_000, 1)), List.of())));
        assertEquals(400, error.code());
        assertTrue(error.message().contains("late"), error.message());
        assertNull(store.getOr(MAP, "ok"));
        assertTrue(events.isEmpty());
    }

    @Test
    void anOversizedValueAppliesNothing() {
        OrRecord big = new OrRecord(RecordValue.of(ValueFactory.newString("x".repeat(200))), new Timestamp(NOW, 0, "c"), "t", null);
        ErrorMessage error = writes.mergeOrEntries(null, MAP, List.of(pushed("k", List.of(big), List.of())));
        assertEquals(413, error.code());
        assertNull(store.getOr(MAP, "k"));
    }

    @Test
    void resultEqualsOrMapEntryMergeForRandomStates() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 500; i++) {
            String key = "k" + i;
            OrMapEntry local = randomEntry(random);
            if (!local.isEmpty()) {
                store.putOr(MAP, key, local);
            }
            OrMapEntry remote = randomEntry(random);
            List<OrRecord> records = List.copyOf(remote.records());
            List<String> tombstones = List.copyOf(remote.tombstones());
            assertNull(writes.mergeOrEntries(null, MAP, List.of(pushed(key, records, tombstones))));
            OrMapEntry expected = local.merge(records, tombstones);
            OrMapEntry actual = store.getOr(MAP, key);
            assertEquals(expected, actual == null ? OrMapEntry.EMPTY : actual, "seed " + seed + ", entry " + i);
        }
    }

    private static OrMapEntry randomEntry(Random random) {
        OrMapEntry entry = OrMapEntry.EMPTY;
        for (int j = random.nextInt(6); j > 0; j--) {
            String tag = "t" + random.nextInt(6);
            entry = random.nextInt(3) == 0 ? entry.removeTag(tag)
                    : entry.add(record(tag, NOW - random.nextInt(5), random.nextInt(3)));
        }
        return entry;
    }
}
