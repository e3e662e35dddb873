package dev.syncbench.protocol;

import static dev.syncbench.protocol.Frames.field;
import static dev.syncbench.protocol.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** QUERY_* and SERVER_EVENT shapes. */
class QueryMessagesTest {
    private final MessageCodec codec = new MessageCodec();

    private static RecordValue text(String s) {
        return RecordValue.of(ValueFactory.newString(s));
    }

    private String rejection(Frames.Body payload) {
        byte[] frame = frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "QUERY_SUB");
            out.packString("payload");
            payload.write(out);
        });
        return assertThrows(ProtocolException.class, () -> codec.decode(frame)).getMessage();
    }

    @Test
    void querySubKeepsTheQueryAsATree() throws ProtocolException {
        Value query = ValueFactory.newMap(ValueFactory.newString("limit"), ValueFactory.newInteger(5));
        QuerySub sub = new QuerySub("q1", "users", query, List.of("name"));
        QuerySub decoded = (QuerySub) codec.decode(codec.encode(sub));
        assertEquals(sub, decoded);
        assertEquals(5, Trees.get(decoded.query(), "limit").asIntegerValue().asInt());
    }

    @Test
    void querySubRequiresQueryIdMapNameAndAQueryMap() {
        assertEquals("missing field: payload.queryId", rejection(out -> {
            out.packMapHeader(2);
            field(out, "mapName", "m");
            out.packString("query");
            out.packMapHeader(0);
        }));
        assertEquals("missing field: payload.mapName", rejection(out -> {
            out.packMapHeader(2);
            field(out, "queryId", "q");
            out.packString("query");
            out.packMapHeader(0);
        }));
        assertEquals("missing field: payload.query", rejection(out -> {
            out.packMapHeader(2);
            field(out, "queryId", "q");
            field(out, "mapName", "m");
        }));
        assertEquals("wrong type for field: payload.query (expected map)", rejection(out -> {
            out.packMapHeader(3);
            field(out, "queryId", "q");
            field(out, "mapName", "m");
            out.packString("query");
            out.packArrayHeader(0);
        }));
        assertEquals("wrong type for field: payload.fields[1] (expected string)", rejection(out -> {
            out.packMapHeader(4);
            field(out, "queryId", "q");
            field(out, "mapName", "m");
            out.packString("query");
            out.packMapHeader(0);
            out.packString("fields");
            out.packArrayHeader(2).packString("a").packInt(1);
        }));
    }

    @Test
    void aLeaveUpdateWritesANilValue() throws ProtocolException {
        QueryUpdate leave = new QueryUpdate("q1", "k", null, "LEAVE");
        Value payload = Trees.get(Trees.of(codec.encode(leave)), "payload");
        assertTrue(payload.asMapValue().map().containsKey(ValueFactory.newString("value")));
        assertTrue(Trees.get(payload, "value").isNilValue());
        assertEquals(leave, codec.decode(codec.encode(leave)));
    }

    @Test
    void queryRespOmitsAbsentPagingFields() throws ProtocolException {
        QueryResp resp = new QueryResp("q1", List.of(new QueryRow("k", text("v"))), null, null, "none");
        Value payload = Trees.get(Trees.of(codec.encode(resp)), "payload");
        assertEquals(3, payload.asMapValue().size());
        assertEquals(resp, codec.decode(codec.encode(resp)));
    }

    @Test
    void serverEventsCarryOnlyTheFieldsOfTheirKind() throws ProtocolException {
        ServerEvent remove = new ServerEvent("m", "REMOVE", "k", null, null, null);
        assertEquals(3, Trees.get(Trees.of(codec.encode(remove)), "payload").asMapValue().size());
        assertEquals(remove, codec.decode(codec.encode(remove)));

        Timestamp ts = new Timestamp(1_700_000_000_000L, 2, "server");
        ServerEvent put = new ServerEvent("m", "PUT", "k", new LwwRecord(text("v"), ts, 5000L), null, null);
        Value record = Trees.get(Trees.get(Trees.of(codec.encode(put)), "payload"), "record");
        assertEquals(5000, Trees.get(record, "ttlMs").asIntegerValue().asInt());
        assertEquals(put, codec.decode(codec.encode(put)));

        ServerEvent orAdd = new ServerEvent("m", "OR_ADD", "k", null, new OrRecord(text("v"), ts, ts.toString(), null),
                ts.toString());
        assertEquals(orAdd, codec.decode(codec.encode(orAdd)));
    }

    @Test
    void serverBatchEventRoundTrips() throws ProtocolException {
        ServerBatchEvent batch = new ServerBatchEvent(List.of(
                new ServerEvent("m", "REMOVE", "a", null, null, null),
                new ServerEvent("m", "OR_REMOVE", "b", null, null, "t")));
        assertEquals(batch, codec.decode(codec.encode(batch)));
    }

    @Test
    void querySyncInitIsAccepted() throws ProtocolException {
        QuerySyncInit init = new QuerySyncInit("q1", 42L);
        assertEquals(init, codec.decode(codec.encode(init)));
        assertFalse(codec.decode(codec.encode(new QueryUnsub("q1"))) instanceof Unrecognized);
        assertNull(((QuerySyncInit) codec.decode(codec.encode(new QuerySyncInit("q", null)))).rootHash());
    }
}
