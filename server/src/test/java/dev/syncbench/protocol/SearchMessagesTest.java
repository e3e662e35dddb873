package dev.syncbench.protocol;

import static dev.syncbench.protocol.Frames.field;
import static dev.syncbench.protocol.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.RecordValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** SEARCH, SEARCH_SUB, SEARCH_UNSUB, SEARCH_RESP and SEARCH_UPDATE shapes. */
class SearchMessagesTest {
    private final MessageCodec codec = new MessageCodec();

    /** A SEARCH frame whose options map {@code options} writes (null: no options field). */
    private byte[] searchWithOptions(Frames.Body options) {
        return frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "SEARCH");
            out.packString("payload");
            out.packMapHeader(options == null ? 3 : 4);
            field(out, "requestId", "r1");
            field(out, "mapName", "articles");
            field(out, "query", "rust async");
            if (options != null) {
                out.packString("options");
                options.write(out);
            }
        });
    }

    private String rejection(Frames.Body options) {
        return assertThrows(ProtocolException.class, () -> codec.decode(searchWithOptions(options))).getMessage();
    }

    @Test
    void searchRoundTripsWithItsOptions() throws ProtocolException {
        Search search = new Search("r1", "articles", "rust async", new SearchOptions(5L, 0.25));
        assertEquals(search, codec.decode(codec.encode(search)));
    }

    @Test
    void absentOrNilOptionsMeanTheDefaults() throws ProtocolException {
        assertEquals(SearchOptions.DEFAULTS, ((Search) codec.decode(searchWithOptions(null))).options());
        assertEquals(SearchOptions.DEFAULTS, ((Search) codec.decode(searchWithOptions(out -> out.packNil()))).options());
    }

    @Test
    void limitMayArriveAsAWholeFloatAndMinScoreAsAnInteger() throws ProtocolException {
        Search search = (Search) codec.decode(searchWithOptions(out -> {
            out.packMapHeader(2);
            out.packString("limit");
            out.packDouble(20.0);
            out.packString("minScore");
            out.packInt(1);
        }));
        assertEquals(new SearchOptions(20L, 1.0), search.options());
    }

    @Test
    void boostIsAcceptedAndIgnored() throws ProtocolException {
        Search search = (Search) codec.decode(searchWithOptions(out -> {
            out.packMapHeader(1);
            out.packString("boost");
            out.packMapHeader(1);
            out.packString("title");
            out.packDouble(2.0);
        }));
        assertEquals(SearchOptions.DEFAULTS, search.options());
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        String message = rejection(out -> {
            out.packMapHeader(1);
            out.packString("fields");
            out.packArrayHeader(1);
            out.packString("title");
        });
        assertTrue(message.contains("payload.options.fields"), message);
    }

    @Test
    void wronglyTypedOptionsAreRefusedByName() {
        assertEquals("wrong type for field: payload.options.limit (expected integer)", rejection(out -> {
            out.packMapHeader(1);
            out.packString("limit");
            out.packDouble(2.5);
        }));
        assertEquals("wrong type for field: payload.options.limit (expected integer)", rejection(out -> {
            out.packMapHeader(1);
            out.packString("limit");
            out.packInt(-3);
        }));
        assertEquals("wrong type for field: payload.options.minScore (expected number)", rejection(out -> {
            out.packMapHeader(1);
            out.packString("minScore");
            out.packString("high");
        }));
        assertEquals("wrong type for field: payload.options (expected map)", rejection(out -> out.packString("fast")));
    }

    @Test
    void searchRequiresRequestIdMapNameAndAStringQuery() {
        byte[] noQuery = frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "SEARCH");
            out.packString("payload");
            out.packMapHeader(2);
            field(out, "requestId", "r");
            field(out, "mapName", "m");
        });
        assertEquals("missing field: payload.query", assertThrows(ProtocolException.class, () -> codec.decode(noQuery)).getMessage());
        byte[] numericQuery = frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "SEARCH");
            out.packString("payload");
            out.packMapHeader(3);
            field(out, "requestId", "r");
            field(out, "mapName", "m");
            field(out, "query", 42);
        });
        assertEquals("wrong type for field: payload.query (expected string)",
                assertThrows(ProtocolException.class, () -> codec.decode(numericQuery)).getMessage());
    }

    @Test
    void subscribeAndUnsubscribeRoundTrip() throws ProtocolException {
        SearchSub sub = new SearchSub("s1", "articles", "machine learning", new SearchOptions(20L, null));
        assertEquals(sub, codec.decode(codec.encode(sub)));
        SearchUnsub unsub = new SearchUnsub("s1");
        assertEquals(unsub, codec.decode(codec.encode(unsub)));
    }

    @Test
    void aResultAlwaysCarriesItsFourKeysWithValueNil() {
        SearchResp resp = new SearchResp("r1", List.of(new SearchHit("a1", null, 1.5, List.of("rust"))), 1, null);
        Value hit = Trees.get(Trees.get(Trees.of(codec.encode(resp)), "payload"), "results").asArrayValue().get(0);
        assertEquals(4, hit.asMapValue().size());
        assertTrue(Trees.get(hit, "value").isNilValue());
        assertEquals(1.5, Trees.get(hit, "score").asFloatValue().toDouble());
        Value payload = Trees.get(Trees.of(codec.encode(resp)), "payload");
        assertEquals(3, payload.asMapValue().size(), "error is left out when there is none");
    }

    @Test
    void updatesRoundTripAndALeaveCarriesNilAndNoTerms() throws ProtocolException {
        SearchUpdate enter = new SearchUpdate("s1", "a1", RecordValue.of(ValueFactory.newString("x")), 0.8,
                List.of("rust"), "ENTER");
        assertEquals(enter, codec.decode(codec.encode(enter)));
        SearchUpdate leave = new SearchUpdate("s1", "a1", null, 0.0, List.of(), "LEAVE");
        Value payload = Trees.get(Trees.of(codec.encode(leave)), "payload");
        assertEquals(6, payload.asMapValue().size());
        assertTrue(Trees.get(payload, "value").isNilValue());
        assertEquals(leave, codec.decode(codec.encode(leave)));
    }
}
