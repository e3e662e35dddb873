package dev.syncbench.protocol;

import static dev.syncbench.protocol.Frames.field;
import static dev.syncbench.protocol.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.RecordValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** HYBRID_SEARCH, HYBRID_SEARCH_RESP, VECTOR_SEARCH and VECTOR_SEARCH_RESP shapes. */
class VectorSearchMessagesTest {
    private final MessageCodec codec = new MessageCodec();

    private static byte[] littleEndian(float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        return bytes.array();
    }

    @Test
    void hybridSearchRoundTripsWithEveryField() throws ProtocolException {
        Value predicate = ValueFactory.newMap(ValueFactory.newString("op"), ValueFactory.newString("eq"),
                ValueFactory.newString("attribute"), ValueFactory.newString("kind"),
                ValueFactory.newString("value"), ValueFactory.newString("db"));
        HybridSearch search = new HybridSearch("h1", "docs", "rust", List.of("exact", "fullText", "semantic"), 5,
                new VectorBytes(littleEndian(0.5f, -1f)), predicate, false, 0.01);
        assertEquals(search, codec.decode(codec.encode(search)));
        HybridSearch bare = new HybridSearch("h2", "docs", "", List.of("fullText"), 3, null, null, null, null);
        assertEquals(bare, codec.decode(codec.encode(bare)));
    }

    @Test
    void aQueryVectorMayArriveAsAnArrayOfNumbers() throws ProtocolException {
        byte[] frame = frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "VECTOR_SEARCH");
            out.packString("payload");
            out.packMapHeader(4);
            field(out, "id", "v1");
            field(out, "mapName", "docs");
            field(out, "k", 3);
            out.packString("queryVector");
            out.packArrayHeader(2);
            out.packDouble(0.5);
            out.packInt(-1);
        });
        VectorSearch search = (VectorSearch) codec.decode(frame);
        assertArrayEquals(littleEndian(0.5f, -1f), search.queryVector().bytes());
        assertEquals(VectorSearchOptions.DEFAULTS, search.options());
    }

    @Test
    void aQueryVectorOfAnotherTypeOrAnUnknownVectorOptionIsRefused() {
        byte[] stringVector = frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "VECTOR_SEARCH");
            out.packString("payload");
            out.packMapHeader(4);
            field(out, "id", "v1");
            field(out, "mapName", "docs");
            field(out, "k", 3);
            field(out, "queryVector", "0.5,1");
        });
        assertEquals("wrong type for field: payload.queryVector (expected binary)",
                assertThrows(ProtocolException.class, () -> codec.decode(stringVector)).getMessage());
        byte[] unknownOption = frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "VECTOR_SEARCH");
            out.packString("payload");
            out.packMapHeader(5);
            field(out, "id", "v1");
            field(out, "mapName", "docs");
            field(out, "k", 3);
            out.packString("queryVector");
            out.packBinaryHeader(4);
            out.writePayload(littleEndian(1f));
            out.packString("options");
            out.packMapHeader(1);
            field(out, "metric", "l2");
        });
        assertTrue(assertThrows(ProtocolException.class, () -> codec.decode(unknownOption)).getMessage()
                .contains("payload.options.metric"));
    }

    @Test
    void vectorSearchRoundTrips() throws ProtocolException {
        Value filter = ValueFactory.newMap(ValueFactory.newString("op"), ValueFactory.newString("gt"),
                ValueFactory.newString("attribute"), ValueFactory.newString("year"),
                ValueFactory.newString("value"), ValueFactory.newInteger(2000));
        VectorSearch search = new VectorSearch("v1", "docs", "_embedding", new VectorBytes(littleEndian(1f, 2f)), 4,
                32L, new VectorSearchOptions(true, true, 0.2, filter));
        assertEquals(search, codec.decode(codec.encode(search)));
    }

    @Test
    void aHybridResultLeavesOutAValueItDoesNotHave() {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("exact", 1.0);
        scores.put("fullText", 2.5);
        HybridSearchResp resp = new HybridSearchResp("h1", List.of(
                new HybridHit("a", 2.0 / 61, scores, RecordValue.of(ValueFactory.newString("x"))),
                new HybridHit("b", 1.0 / 61, Map.of("exact", 1.0), null)), 3, null);
        Value results = Trees.get(Trees.get(Trees.of(codec.encode(resp)), "payload"), "results");
        assertTrue(Trees.get(results.asArrayValue().get(0), "value") != null);
        assertFalse(results.asArrayValue().get(1).asMapValue().map().containsKey(ValueFactory.newString("value")));
    }

    @Test
    void responsesRoundTrip() throws ProtocolException {
        HybridSearchResp hybrid = new HybridSearchResp("h1",
                List.of(new HybridHit("a", 0.03, Map.of("semantic", 0.25), null)), 7, null);
        assertEquals(hybrid, codec.decode(codec.encode(hybrid)));
        HybridSearchResp failed = new HybridSearchResp("h2", List.of(), 0, "no embedding provider configured for semantic search");
        assertEquals(failed, codec.decode(codec.encode(failed)));
        VectorSearchResp vector = new VectorSearchResp("v1", List.of(
                new VectorHit("a", 0.9, RecordValue.of(ValueFactory.newString("x")), new VectorBytes(littleEndian(1f))),
                new VectorHit("b", 0.5, null, null)), 12, 1, null);
        assertEquals(vector, codec.decode(codec.encode(vector)));
    }

    @Test
    void liveHybridMessagesRoundTripWithTheSubscriptionIdOnTheWire() throws ProtocolException {
        HybridSearchSub sub = new HybridSearchSub(new HybridSearch("live-1", "docs", "rust", List.of("fullText"), 5,
                null, null, null, null));
        byte[] encoded = codec.encode(sub);
        assertEquals("live-1", Trees.get(Trees.get(Trees.of(encoded), "payload"), "subscriptionId").asStringValue().asString());
        assertEquals(sub, codec.decode(encoded));
        HybridSearchUnsub unsub = new HybridSearchUnsub("live-1");
        assertEquals(unsub, codec.decode(codec.encode(unsub)));
        HybridSearchUpdate leave = new HybridSearchUpdate("live-1", "a", 0.0, Map.of(), null, "LEAVE");
        assertEquals(leave, codec.decode(codec.encode(leave)));
        HybridSearchUpdate enter = new HybridSearchUpdate("live-1", "a", 1.0 / 61, Map.of("fullText", 1.5),
                RecordValue.of(ValueFactory.newString("x")), "ENTER");
        assertEquals(enter, codec.decode(codec.encode(enter)));
    }
}
