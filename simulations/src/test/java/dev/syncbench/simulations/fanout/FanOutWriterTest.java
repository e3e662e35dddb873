package dev.syncbench.simulations.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

class FanOutWriterTest {

    @Test
    void batchesCarryTheirSendTimeInEveryValue() throws IOException {
        FanOutWriter writer = new FanOutWriter(3, "fanout-1", 2, System.nanoTime() + 1_000_000_000L);
        writer.nextBatch(111);
        Map<Value, Value> frame = MessagePack.newDefaultUnpacker(writer.nextBatch(222)).unpackValue().asMapValue().map();
        assertEquals("OP_BATCH", frame.get(key("type")).toString());
        var ops = frame.get(key("payload")).asMapValue().map().get(key("ops")).asArrayValue().list();
        assertEquals(2, ops.size());
        Map<Value, Value> last = ops.get(1).asMapValue().map();
        assertEquals("w3-3", last.get(key("id")).toString());
        assertEquals("w3-3", last.get(key("key")).toString());
        assertEquals("fanout-1", last.get(key("mapName")).toString());
        Map<Value, Value> value = last.get(key("record")).asMapValue().map().get(key("value")).asMapValue().map();
        assertEquals(3, value.get(key("v")).asIntegerValue().toLong());
        assertEquals(222, value.get(key("t")).asIntegerValue().toLong());
        assertEquals(222, writer.sentNanos());
    }

    @Test
    void recognisesOnlyTheAckOfItsLastBatch() throws IOException {
        FanOutWriter writer = new FanOutWriter(7, "m", 3, System.nanoTime() + 1_000_000_000L);
        writer.nextBatch(1);
        assertFalse(writer.isAckOfLastBatch(ack("w7-1")));
        assertTrue(writer.isAckOfLastBatch(ack("w7-2")));
        writer.nextBatch(2);
        assertFalse(writer.isAckOfLastBatch(ack("w7-2")));
        assertTrue(writer.isAckOfLastBatch(ack("w7-5")));
    }

    private static byte[] ack(String lastId) throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2).packString("type").packString("OP_ACK");
            packer.packString("payload").packMapHeader(2).packString("lastId").packString(lastId)
                    .packString("achievedLevel").packString("APPLIED");
            return packer.toByteArray();
        }
    }

    private static Value key(String name) {
        return ValueFactory.newString(name);
    }
}
