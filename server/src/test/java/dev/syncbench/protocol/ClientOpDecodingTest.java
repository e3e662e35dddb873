package dev.syncbench.protocol;

import static dev.syncbench.protocol.Frames.field;
import static dev.syncbench.protocol.Frames.frame;
import static dev.syncbench.protocol.Frames.map16;
import static dev.syncbench.protocol.Frames.map32;
import static dev.syncbench.protocol.Frames.timestamp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How CLIENT_OP and OP_BATCH ops decode: shapes, classification, and problems confined to one op. */
class ClientOpDecodingTest {
    private final MessageCodec codec = new MessageCodec();

    private ClientOp single(Frames.Body op) throws ProtocolException {
        return ((ClientOpMessage) codec.decode(Frames.clientOp(op))).op();
    }

    private List<ClientOp> batch(int count, Frames.Body ops) throws ProtocolException {
        return ((OpBatch) codec.decode(Frames.opBatch(count, ops))).ops();
    }

    private static void record(org.msgpack.core.MessagePacker out) throws java.io.IOException {
        out.packString("record");
        out.packMapHeader(2);
        field(out, "value", "v");
        out.packString("timestamp");
        timestamp(out, 1.7e12, 3, "node-1");
    }

    private static void orRecord(org.msgpack.core.MessagePacker out) throws java.io.IOException {
        out.packString("orRecord");
        out.packMapHeader(3);
        field(out, "value", "v");
        out.packString("timestamp");
        timestamp(out, 1.7e12, 3, "node-1");
        field(out, "tag", "1700000000000:3:node-1");
    }

    private static void target(org.msgpack.core.MessagePacker out) throws java.io.IOException {
        field(out, "mapName", "m");
        field(out, "key", "k");
    }

    @Test
    void aWellFormedPutKeepsItsFields() throws ProtocolException {
        ClientOp op = batch(1, out -> Frames.putOp(out, "7", "user-1", "Alice")).get(0);
        assertNull(op.problem());
        assertEquals("7", op.id());
        assertEquals("users", op.mapName());
        assertEquals("user-1", op.key());
        assertEquals(OpKind.PUT, op.kind());
        assertEquals(new Timestamp(1_700_000_000_000L, 1, "node-1"), op.record().timestamp());
        assertEquals("Alice", op.record().value().toValue().asStringValue().asString());
        assertNull(op.record().ttlMs());
    }

    @Test
    void aRecordValueKeepsItsExactBytes() throws ProtocolException {
        // {a:1} written as map16, the way msgpackr writes every object
        byte[] valueBytes = {(byte) 0xde, 0x00, 0x01, (byte) 0xa1, 'a', 0x01};
        ClientOp op = single(out -> {
            out.packMapHeader(3);
            target(out);
            out.packString("record");
            out.packMapHeader(2);
            out.packString("value");
            out.writePayload(valueBytes);
            out.packString("timestamp");
            timestamp(out, 1.7e12, 0, "n");
        });
        assertArrayEquals(valueBytes, op.record().value().bytes());
    }

    @Test
    void aMissingValueOrANilValueIsATombstone() throws ProtocolException {
        ClientOp missing = single(out -> {
            out.packMapHeader(3);
            target(out);
            out.packString("record");
            out.packMapHeader(1);
            out.packString("timestamp");
            timestamp(out, 1, 0, "n");
        });
        assertNull(missing.problem());
        assertTrue(missing.record().isTombstone());
        ClientOp nil = single(out -> {
            out.packMapHeader(3);
            target(out);
            out.packString("record");
            out.packMapHeader(2);
            out.packString("value");
            out.packNil();
            out.packString("timestamp");
            timestamp(out, 1, 0, "n");
        });
        assertTrue(nil.record().isTombstone());
    }

    @Test
    void map16AndMap32HeadersAreAcceptedAtEveryLevel() throws ProtocolException {
        byte[] frame = frame(out -> {
            map32(out, 2);
            field(out, "type", "OP_BATCH");
            out.packString("payload");
            map16(out, 1);
            out.packString("ops");
            out.packArrayHeader(1);
            map16(out, 3);
            target(out);
            out.packString("record");
            map32(out, 2);
            field(out, "value", "v");
            out.packString("timestamp");
            map16(out, 3);
            field(out, "millis", 9);
            field(out, "counter", 0);
            field(out, "nodeId", "n");
        });
        ClientOp op = ((OpBatch) codec.decode(frame)).ops().get(0);
        assertNull(op.problem());
        assertEquals(new Timestamp(9, 0, "n"), op.record().timestamp());
    }

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() throws ProtocolException {
        byte[] frame = frame(out -> {
            out.packMapHeader(3);
            field(out, "type", "OP_BATCH");
            out.packString("extra");
            out.packArrayHeader(2).packInt(1).packMapHeader(0);
            out.packString("payload");
            out.packMapHeader(3);
            field(out, "future", "x");
            field(out, "writeConcern", "APPLIED");
            out.packString("ops");
            out.packArrayHeader(1);
            out.packMapHeader(5);
            target(out);
            out.packString("synced");
            out.packBoolean(false);
            field(out, "timestamp", 123);
            out.packString("record");
            out.packMapHeader(3);
            field(out, "value", "v");
            field(out, "meta", "ignored");
            out.packString("timestamp");
            out.packMapHeader(4);
            field(out, "millis", 9);
            field(out, "counter", 0);
            field(out, "nodeId", "n");
            field(out, "extra", "x");
        });
        OpBatch batch = (OpBatch) codec.decode(frame);
        assertEquals("APPLIED", batch.writeConcern());
        assertNull(batch.ops().get(0).problem());
        assertEquals(new Timestamp(9, 0, "n"), batch.ops().get(0).record().timestamp());
    }

    @Test
    void opTypeRemoveWinsOverEverything() throws ProtocolException {
        ClientOp op = single(out -> {
            out.packMapHeader(5);
            target(out);
            field(out, "opType", "REMOVE");
            record(out);
            orRecord(out);
        });
        assertEquals(OpKind.REMOVE, op.kind());
        assertNull(op.problem());
    }

    @Test
    void anExplicitNilRecordIsARemove() throws ProtocolException {
        ClientOp op = single(out -> {
            out.packMapHeader(3);
            target(out);
            out.packString("record");
            out.packNil();
        });
        assertEquals(OpKind.REMOVE, op.kind());
        assertTrue(op.recordNil());
        assertNull(op.problem());
    }

    @Test
    void aNonNilOrRecordIsAnOrAdd() throws ProtocolException {
        ClientOp op = single(out -> {
            out.packMapHeader(4);
            target(out);
            field(out, "opType", "OR_ADD");
            orRecord(out);
        });
        assertEquals(OpKind.OR_ADD, op.kind());
        assertEquals("1700000000000:3:node-1", op.orRecord().tag());
        assertNull(op.problem());
    }

    @Test
    void anOrTagWithTheOrRecordAbsentIsAnOrRemove() throws ProtocolException {
        ClientOp op = single(out -> {
            out.packMapHeader(3);
            target(out);
            field(out, "orTag", "t1");
        });
        assertEquals(OpKind.OR_REMOVE, op.kind());
        assertEquals("t1", op.orTag());
        assertNull(op.problem());
    }

    @Test
    void anOrTagWithAnExplicitNilOrRecordFallsThroughToPut() throws ProtocolException {
        ClientOp op = single(out -> {
            out.packMapHeader(5);
            target(out);
            field(out, "orTag", "t1");
            out.packString("orRecord");
            out.packNil();
            record(out);
        });
        assertEquals(OpKind.PUT, op.kind());
        assertTrue(op.orRecordNil());
        assertNull(op.problem());
    }

    @Test
    void opTypeOtherThanRemoveIsNotTrusted() throws ProtocolException {
        ClientOp op = single(out -> {
            out.packMapHeader(4);
            target(out);
            field(out, "opType", "OR_ADD");
            record(out);
        });
        assertEquals(OpKind.PUT, op.kind());
    }

    @Test
    void nilAndAbsentSurviveARoundTrip() throws ProtocolException {
        byte[] frame = Frames.clientOp(out -> {
            out.packMapHeader(5);
            target(out);
            out.packString("record");
            out.packNil();
            out.packString("orRecord");
            out.packNil();
            out.packString("orTag");
            out.packNil();
        });
        Message decoded = codec.decode(frame);
        ClientOp op = ((ClientOpMessage) decoded).op();
        assertTrue(op.recordNil() && op.orRecordNil() && op.orTagNil());
        assertEquals(decoded, codec.decode(codec.encode(decoded)));
        Trees.assertSame(Trees.of(frame), Trees.of(codec.encode(decoded)));
    }

    @Test
    void opsBuiltInCodeCarryTheirKindAsOpType() throws ProtocolException {
        ClientOp remove = new ClientOp("9", "m", "k", OpKind.REMOVE, null, null, null, null, null, null);
        ClientOp decoded = ((ClientOpMessage) codec.decode(codec.encode(new ClientOpMessage(remove)))).op();
        assertEquals(OpKind.REMOVE, decoded.kind());
        assertEquals("REMOVE", decoded.opType());
    }

    @Test
    void aBadOpIsMarkedWhileTheRestOfTheBatchDecodes() throws ProtocolException {
        List<ClientOp> ops = batch(3, out -> {
            Frames.putOp(out, "1", "a", "x");
            out.packMapHeader(3);
            field(out, "id", "2");
            field(out, "mapName", "users");
            record(out);
            Frames.putOp(out, "3", "c", "z");
        });
        assertEquals(3, ops.size());
        assertNull(ops.get(0).problem());
        assertEquals("missing field: key", ops.get(1).problem());
        assertEquals("2", ops.get(1).id());
        assertNull(ops.get(2).problem());
        assertEquals("c", ops.get(2).key());
    }

    @Test
    void aNonMapOpIsMarkedAndSkipped() throws ProtocolException {
        List<ClientOp> ops = batch(3, out -> {
            out.packInt(42);
            out.packArrayHeader(1).packMapHeader(0);
            Frames.putOp(out, "3", "c", "z");
        });
        assertEquals(WriteCodec.NOT_A_MAP, ops.get(0).problem());
        assertEquals(WriteCodec.NOT_A_MAP, ops.get(1).problem());
        assertNull(ops.get(2).problem());
    }

    private String problemOf(Frames.Body opFields, int fieldCount) throws ProtocolException {
        return single(out -> {
            out.packMapHeader(fieldCount);
            opFields.write(out);
        }).problem();
    }

    @Test
    void opProblemsNameTheField() throws ProtocolException {
        assertEquals("missing field: mapName", problemOf(out -> {
            field(out, "key", "k");
            record(out);
        }, 2));
        assertEquals("wrong type for field: mapName (expected string)", problemOf(out -> {
            field(out, "mapName", 5);
            field(out, "key", "k");
            record(out);
        }, 3));
        assertEquals("wrong type for field: key (expected string)", problemOf(out -> {
            field(out, "mapName", "m");
            out.packString("key");
            out.packMapHeader(0);
            record(out);
        }, 3));
        assertEquals("wrong type for field: record (expected map)", problemOf(out -> {
            target(out);
            field(out, "record", "not a record");
        }, 3));
        assertEquals("missing field: record.timestamp", problemOf(out -> {
            target(out);
            out.packString("record");
            out.packMapHeader(1);
            field(out, "value", "v");
        }, 3));
        assertEquals("wrong type for field: record.timestamp.millis (expected integer)", problemOf(out -> {
            target(out);
            out.packString("record");
            out.packMapHeader(2);
            field(out, "value", "v");
            out.packString("timestamp");
            out.packMapHeader(3);
            field(out, "millis", "soon");
            field(out, "counter", 0);
            field(out, "nodeId", "n");
        }, 3));
        assertEquals("missing field: record.timestamp.nodeId", problemOf(out -> {
            target(out);
            out.packString("record");
            out.packMapHeader(2);
            field(out, "value", "v");
            out.packString("timestamp");
            out.packMapHeader(2);
            field(out, "millis", 1);
            field(out, "counter", 0);
        }, 3));
        assertEquals("missing field: orRecord.value", problemOf(out -> {
            target(out);
            out.packString("orRecord");
            out.packMapHeader(2);
            out.packString("timestamp");
            timestamp(out, 1, 0, "n");
            field(out, "tag", "t");
        }, 3));
        assertEquals("missing field: orRecord.tag", problemOf(out -> {
            target(out);
            out.packString("orRecord");
            out.packMapHeader(2);
            field(out, "value", "v");
            out.packString("timestamp");
            timestamp(out, 1, 0, "n");
        }, 3));
        assertEquals("missing field: record", problemOf(ClientOpDecodingTest::target, 2));
    }

    @Test
    void aBadOpInsideCLIENT_OPIsAnOpProblemNotAFrameError() throws ProtocolException {
        ClientOp op = single(out -> {
            out.packMapHeader(1);
            field(out, "mapName", "m");
        });
        assertNotNull(op.problem());
    }

    private String frameRejection(byte[] frame) {
        return assertThrows(ProtocolException.class, () -> codec.decode(frame)).getMessage();
    }

    @Test
    void batchLevelFaultsFailTheFrame() {
        assertEquals("missing field: payload", frameRejection(frame(out -> {
            out.packMapHeader(1);
            field(out, "type", "OP_BATCH");
        })));
        assertEquals("wrong type for field: payload (expected map)", frameRejection(frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "OP_BATCH");
            field(out, "payload", "x");
        })));
        assertEquals("missing field: payload.ops", frameRejection(frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "OP_BATCH");
            out.packString("payload");
            out.packMapHeader(0);
        })));
        assertEquals("wrong type for field: payload.ops (expected array)", frameRejection(frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "OP_BATCH");
            out.packString("payload");
            out.packMapHeader(1);
            out.packString("ops");
            out.packMapHeader(0);
        })));
        assertEquals("wrong type for field: payload.timeout (expected integer)", frameRejection(frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "OP_BATCH");
            out.packString("payload");
            out.packMapHeader(2);
            out.packString("ops");
            out.packArrayHeader(0);
            field(out, "timeout", "later");
        })));
    }

    @Test
    void anEmptyBatchDecodes() throws ProtocolException {
        assertTrue(batch(0, out -> { }).isEmpty());
        assertFalse(codec.decode(Frames.opBatch(0, out -> { })) instanceof Unrecognized);
    }

    @Test
    void opValuesStayIndependentOfTheFrameBuffer() throws ProtocolException {
        byte[] frame = Frames.opBatch(1, out -> Frames.putOp(out, "1", "k", "before"));
        ClientOp op = ((OpBatch) codec.decode(frame)).ops().get(0);
        java.util.Arrays.fill(frame, (byte) 0);
        assertEquals(RecordValue.of(org.msgpack.value.ValueFactory.newString("before")), op.record().value());
    }
}
