package dev.syncbench.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** What the server writes: envelope shapes, omitted optionals, compact integers. */
class EncodingTest {
    private final MessageCodec codec = new MessageCodec();

    private Value encoded(Message message) {
        return Trees.of(codec.encode(message));
    }

    @Test
    void flatMessagesCarryFieldsBesideType() {
        Value pong = encoded(new Pong(5, 6));
        assertEquals(3, pong.asMapValue().size());
        assertEquals("PONG", Trees.get(pong, "type").toString());
        assertEquals(5, Trees.get(pong, "timestamp").asIntegerValue().asLong());
        assertEquals(6, Trees.get(pong, "serverTime").asIntegerValue().asLong());
    }

    @Test
    void authRequiredIsJustTheType() {
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0xa4, 't', 'y', 'p', 'e', (byte) 0xad,
                'A', 'U', 'T', 'H', '_', 'R', 'E', 'Q', 'U', 'I', 'R', 'E', 'D'}, codec.encode(new AuthRequired(null)));
    }

    @Test
    void authAckAndAuthFailOmitAbsentFields() {
        Value ack = encoded(new AuthAck("alice", null));
        assertEquals(2, ack.asMapValue().size());
        assertEquals("alice", Trees.get(ack, "userId").toString());
        Value fail = encoded(new AuthFail("Authentication failed", 401));
        assertEquals(401, Trees.get(fail, "code").asIntegerValue().asInt());
    }

    @Test
    void payloadMessagesWrapTheirFields() {
        Value ack = encoded(new OpAck("12", "APPLIED", null));
        assertEquals(2, ack.asMapValue().size());
        Value payload = Trees.get(ack, "payload");
        assertEquals(2, payload.asMapValue().size(), "results omitted when every op succeeded");
        assertEquals("12", Trees.get(payload, "lastId").toString());
        assertEquals("APPLIED", Trees.get(payload, "achievedLevel").toString());
    }

    @Test
    void opAckListsRejectedOps() throws ProtocolException {
        OpAck ack = new OpAck("3", "APPLIED", List.of(new OpResult("2", false, null, "missing field: key")));
        Value result = Trees.get(Trees.get(encoded(ack), "payload"), "results").asArrayValue().get(0);
        assertEquals(3, result.asMapValue().size());
        assertFalse(Trees.get(result, "success").asBooleanValue().getBoolean());
        assertEquals(ack, codec.decode(codec.encode(ack)));
    }

    @Test
    void opRejectedAndErrorAreWrapped() throws ProtocolException {
        OpRejected rejected = new OpRejected("5", "value too large", 413);
        assertEquals(413, Trees.get(Trees.get(encoded(rejected), "payload"), "code").asIntegerValue().asInt());
        assertEquals(rejected, codec.decode(codec.encode(rejected)));
        ErrorMessage error = new ErrorMessage(400, "malformed frame", null);
        Value payload = Trees.get(encoded(error), "payload");
        assertEquals(2, payload.asMapValue().size(), "details omitted when null");
        assertEquals(error, codec.decode(codec.encode(error)));
    }

    @Test
    void integersAreWrittenCompactly() {
        byte[] pong = codec.encode(new Pong(1, 1_700_000_000_000L));
        // 1 is a positive fixint; 1.7e12 needs 64 bits and must not be a float64 (0xcb)
        for (byte b : pong) {
            assertTrue(b != (byte) 0xcb, "no float64 expected");
        }
        assertTrue(Trees.get(Trees.of(pong), "serverTime").isIntegerValue());
    }

    @Test
    void recordValuesAreWrittenAsTheirOwnBytes() throws ProtocolException {
        byte[] map16Value = {(byte) 0xde, 0x00, 0x01, (byte) 0xa1, 'a', 0x01};
        LwwRecord record = new LwwRecord(RecordValue.ofBytes(map16Value), new Timestamp(1, 2, "n"), null);
        ClientOp op = new ClientOp("1", "m", "k", OpKind.PUT, record, null, null, null, null, null);
        ClientOpMessage decoded = (ClientOpMessage) codec.decode(codec.encode(new ClientOpMessage(op)));
        assertArrayEquals(map16Value, decoded.op().record().value().bytes());
        assertNull(decoded.op().record().ttlMs());
    }

    @Test
    void aTombstoneIsWrittenWithANilValue() {
        LwwRecord tombstone = LwwRecord.tombstone(new Timestamp(1, 2, "n"));
        ClientOp op = new ClientOp("1", "m", "k", OpKind.REMOVE, tombstone, null, null, null, null, null);
        Value record = Trees.get(Trees.get(encoded(new ClientOpMessage(op)), "payload"), "record");
        assertTrue(record.asMapValue().map().containsKey(ValueFactory.newString("value")));
        assertTrue(Trees.get(record, "value").isNilValue());
    }
}
