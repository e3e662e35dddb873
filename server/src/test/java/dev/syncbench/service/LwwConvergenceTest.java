package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncbench.crdt.Hlc;
import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.metrics.ServerMetrics;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.protocol.ClientOp;
import dev.syncbench.protocol.OpKind;
import dev.syncbench.store.MemoryRecordStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

/**
 * Two servers that receive the same writes in different orders end with the same records: the
 * LWW merge is commutative, associative and idempotent, including equal timestamps and tombstones.
 */
class LwwConvergenceTest {
    private static final long BASE = 1_700_000_000_000L;

    @Test
    void randomInterleavingsOfTheSameWritesConverge() {
        for (int round = 0; round < 300; round++) {
            long seed = 7919L * round;
            Random random = new Random(seed);
            List<ClientOp> writes = randomWrites(random);
            List<ClientOp> shuffled = new ArrayList<>(writes);
            Collections.shuffle(shuffled, random);
            List<ClientOp> replayed = new ArrayList<>(shuffled);
            replayed.addAll(writes.subList(0, writes.size() / 2)); // duplicates are harmless

            assertEquals(applyAll(writes), applyAll(replayed), "seed " + seed);
        }
    }

    @Test
    void theGreatestTimestampWinsWhateverTheOrder() {
        ClientOp older = put("k", "old", new Timestamp(BASE, 5, "a"));
        ClientOp newer = put("k", "new", new Timestamp(BASE, 5, "b"));
        ClientOp delete = remove("k", new Timestamp(BASE, 4, "z"));
        Map<String, LwwRecord> a = applyAll(List.of(older, newer, delete));
        Map<String, LwwRecord> b = applyAll(List.of(delete, newer, older));
        assertEquals(a, b);
        assertEquals(ValueFactory.newString("new"), a.get("k").value().toValue());
    }

    /**
     * Writes on a few keys with colliding timestamps: ties on millis and counter, so the node id
     * decides. A timestamp names one write (an HLC never issues it twice), so each is used once per key.
     */
    private static List<ClientOp> randomWrites(Random random) {
        List<ClientOp> writes = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int count = 1 + random.nextInt(40);
        for (int i = 0; i < count; i++) {
            String key = "k" + random.nextInt(5);
            Timestamp ts = new Timestamp(BASE + random.nextInt(3), random.nextInt(3), "node-" + random.nextInt(3));
            if (used.add(key + "@" + ts)) {
                writes.add(random.nextInt(4) == 0 ? remove(key, ts) : put(key, "v" + random.nextInt(1000), ts));
            }
        }
        return writes;
    }

    private static ClientOp put(String key, String value, Timestamp ts) {
        LwwRecord record = new LwwRecord(RecordValue.of(ValueFactory.newString(value)), ts, null);
        return new ClientOp(null, "m", key, OpKind.PUT, record, null, null, null, null, null);
    }

    private static ClientOp remove(String key, Timestamp ts) {
        return new ClientOp(null, "m", key, OpKind.REMOVE, LwwRecord.tombstone(ts), null, null, null, null, null);
    }

    private static Map<String, LwwRecord> applyAll(List<ClientOp> ops) {
        MemoryRecordStore store = new MemoryRecordStore();
        Hlc hlc = new Hlc("server", () -> BASE, 60_000);
        WriteService writes = new WriteService(store, new PartitionTable(), hlc, new ServerMetrics(), 1 << 20);
        RecordingSession session = new RecordingSession();
        for (ClientOp op : ops) {
            writes.write(session, List.of(op), null);
        }
        Map<String, LwwRecord> state = new TreeMap<>();
        store.forEachLww("m", state::put);
        return state;
    }
}
