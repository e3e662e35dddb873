package dev.syncbench.simulations.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

class BatchEncoderTest {
    private static final long NOW = 1_700_000_000_123L;

    @Test
    void batchIsTopGunHarnessPayloadWithUniqueIds() throws IOException {
        BatchEncoder encoder = new BatchEncoder(7, 3);

        Map<Value, Value> frame = decode(encoder.nextBatch(NOW));

        assertEquals("OP_BATCH", frame.get(key("type")).asStringValue().asString());
        List<Value> ops = frame.get(key("payload")).asMapValue().map().get(key("ops")).asArrayValue().list();
        assertEquals(3, ops.size());
        for (int seq = 0; seq < 3; seq++) {
            Map<Value, Value> op = ops.get(seq).asMapValue().map();
            assertEquals("7-" + seq, op.get(key("id")).asStringValue().asString());
            assertEquals("bench", op.get(key("mapName")).asStringValue().asString());
            assertEquals("conn-7-" + seq, op.get(key("key")).asStringValue().asString());
            Map<Value, Value> record = op.get(key("record")).asMapValue().map();
            assertEquals(seq, record.get(key("value")).asMapValue().map().get(key("v")).asIntegerValue().toLong());
            Map<Value, Value> timestamp = record.get(key("timestamp")).asMapValue().map();
            assertEquals(NOW, timestamp.get(key("millis")).asIntegerValue().toLong());
            assertEquals(seq, timestamp.get(key("counter")).asIntegerValue().toLong());
            assertEquals("bench-7", timestamp.get(key("nodeId")).asStringValue().asString());
        }
    }

    @Test
    void aNamedMapIsWrittenInEveryOpAndNamesTheNodeSoTwoInjectorsNeverStampAlike() throws IOException {
        BatchEncoder encoder = new BatchEncoder(7, 3, KeyPlan.SEQUENTIAL, "injector-a");
        BatchEncoder other = new BatchEncoder(7, 3, KeyPlan.SEQUENTIAL, "injector-b");

        for (Map<Value, Value> op : ops(encoder.nextBatch(NOW))) {
            assertEquals("injector-a", op.get(key("mapName")).asStringValue().asString());
            assertEquals("injector-a-7", nodeIdOf(op));
        }
        assertEquals("injector-b-7", nodeIdOf(ops(other.nextBatch(NOW)).getFirst()));
        assertEquals("injector-a-7", BatchEncoder.nodeId("injector-a", 7));
    }

    @Test
    void aMapNameOfSixtyFourCharactersStillMakesAValidFrame() throws IOException {
        String longest = "m".repeat(64);
        BatchEncoder encoder = new BatchEncoder(123_456, 2, KeyPlan.SEQUENTIAL, longest);
        for (int batch = 0; batch < 3; batch++) {
            List<Map<Value, Value>> ops = ops(encoder.nextBatch(NOW));
            assertEquals(longest, ops.getLast().get(key("mapName")).asStringValue().asString());
            assertEquals(longest + "-123456", nodeIdOf(ops.getLast()));
            assertEquals("conn-123456-" + (2 * batch + 1), ops.getLast().get(key("key")).asStringValue().asString());
        }
    }

    private static List<Map<Value, Value>> ops(byte[] frame) throws IOException {
        return decode(frame).get(key("payload")).asMapValue().map().get(key("ops")).asArrayValue().list().stream()
                .map(op -> op.asMapValue().map()).toList();
    }

    private static String nodeIdOf(Map<Value, Value> op) {
        Map<Value, Value> record = op.get(key("record")).asMapValue().map();
        return record.get(key("timestamp")).asMapValue().map().get(key("nodeId")).asStringValue().asString();
    }

    @Test
    void lastIdNamesTheLastOpOfTheBatchBuiltLast() throws IOException {
        BatchEncoder encoder = new BatchEncoder(42, 10);
        for (int batch = 0; batch < 12; batch++) {
            Map<Value, Value> frame = decode(encoder.nextBatch(NOW));
            List<Value> ops = frame.get(key("payload")).asMapValue().map().get(key("ops")).asArrayValue().list();
            String lastOpId = ops.getLast().asMapValue().map().get(key("id")).asStringValue().asString();
            assertEquals(lastOpId, new String(encoder.lastId(), 0, encoder.lastIdLength(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void everyOpOfARunHasItsOwnIdAndKeyAcrossDigitBoundaries() throws IOException {
        BatchEncoder encoder = new BatchEncoder(3, 7);
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int batch = 0; batch < 200; batch++) {
            for (Value op : decode(encoder.nextBatch(NOW)).get(key("payload")).asMapValue().map()
                    .get(key("ops")).asArrayValue().list()) {
                assertTrue(ids.add(op.asMapValue().map().get(key("id")).asStringValue().asString()));
                assertTrue(keys.add(op.asMapValue().map().get(key("key")).asStringValue().asString()));
            }
        }
        assertEquals(1400, ids.size());
    }

    @Test
    void twoConnectionsNeverShareAnId() {
        BatchEncoder first = new BatchEncoder(1, 10);
        BatchEncoder eleventh = new BatchEncoder(11, 10);
        first.nextBatch(NOW);
        eleventh.nextBatch(NOW);
        assertNotEquals(new String(first.lastId(), 0, first.lastIdLength()),
                new String(eleventh.lastId(), 0, eleventh.lastIdLength()));
    }

    @Test
    void largeBatchesUseArray16() throws IOException {
        BatchEncoder encoder = new BatchEncoder(1, 300);
        List<Value> ops = decode(encoder.nextBatch(NOW)).get(key("payload")).asMapValue().map()
                .get(key("ops")).asArrayValue().list();
        assertEquals(300, ops.size());
        assertEquals("1-299", ops.getLast().asMapValue().map().get(key("id")).asStringValue().asString());
    }

    private static Map<Value, Value> decode(byte[] frame) throws IOException {
        return MessagePack.newDefaultUnpacker(frame).unpackValue().asMapValue().map();
    }

    private static Value key(String name) {
        return ValueFactory.newString(name);
    }
}
