package dev.syncbench.protocol;

import static dev.syncbench.protocol.Frames.field;
import static dev.syncbench.protocol.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

/** The journal's messages (reference §9.4): round trips, wire shapes, and the fields they refuse. */
class JournalMessagesTest {
    private final MessageCodec codec = new MessageCodec();
    private static final JournalEventData PUT = new JournalEventData("7", "PUT", "users", "u1",
            RecordValue.of(ValueFactory.newString("Ann")), new Timestamp(1_700_000_000_000L, 2, "client-1"), "client-1");
    private static final JournalEventData DELETE = new JournalEventData("8", "DELETE", "users", "u1", null,
            new Timestamp(1_700_000_000_001L, 0, "client-1"), "client-1");

    private void assertRoundTrip(Message message) throws ProtocolException {
        assertEquals(message, codec.decode(codec.encode(message)));
    }

    @Test
    void requestsRoundTrip() throws ProtocolException {
        assertRoundTrip(new JournalSubscribe("j1", "5", "users", List.of("PUT", "DELETE")));
        assertRoundTrip(new JournalSubscribe("j1", null, null, null));
        assertRoundTrip(new JournalUnsubscribe("j1"));
        assertRoundTrip(new JournalRead("r1", "1", 50, "users"));
        assertRoundTrip(new JournalRead("r1", "0", null, null));
    }

    @Test
    void repliesRoundTrip() throws ProtocolException {
        assertRoundTrip(new JournalEvent(PUT));
        assertRoundTrip(new JournalEvent(DELETE));
        assertRoundTrip(new JournalReadResponse("r1", List.of(PUT, DELETE), true));
        assertRoundTrip(new JournalReadResponse("r1", List.of(), false));
    }

    @Test
    void anEventIsWrappedUnderEventAndADeleteHasNoValue() {
        byte[] frame = codec.encode(new JournalEvent(DELETE));
        assertEquals("8", Trees.get(Trees.get(Trees.of(frame), "event"), "sequence").asStringValue().asString());
        assertFalse(Trees.of(frame).asMapValue().map().containsKey(ValueFactory.newString("payload")));
        assertFalse(Trees.get(Trees.of(frame), "event").asMapValue().map().containsKey(ValueFactory.newString("value")));
    }

    @Test
    void aReadResponseIsFlat() {
        byte[] frame = codec.encode(new JournalReadResponse("r1", List.of(PUT), false));
        assertEquals("r1", Trees.get(Trees.of(frame), "requestId").asStringValue().asString());
        assertEquals(1, Trees.get(Trees.of(frame), "events").asArrayValue().size());
    }

    @Test
    void aSubscribeNeedsARequestId() {
        assertEquals("missing field: requestId", problem(frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "JOURNAL_SUBSCRIBE");
            field(out, "mapName", "users");
        })));
    }

    @Test
    void aSubscribeRefusesAnUnknownType() {
        String message = problem(frame(out -> {
            out.packMapHeader(3);
            field(out, "type", "JOURNAL_SUBSCRIBE");
            field(out, "requestId", "j1");
            out.packString("types");
            out.packArrayHeader(2);
            out.packString("PUT");
            out.packString("UPSERT");
        }));
        assertEquals("wrong value for field: types[1] (expected PUT, UPDATE or DELETE)", message);
    }

    @Test
    void aReadRefusesALimitAboveTheCap() {
        String message = problem(frame(out -> {
            out.packMapHeader(4);
            field(out, "type", "JOURNAL_READ");
            field(out, "requestId", "r1");
            field(out, "fromSequence", "1");
            out.packString("limit");
            out.packInt(JournalRead.MAX_LIMIT + 1);
        }));
        assertEquals("wrong value for field: limit (at most 1000, got 1001)", message);
    }

    @Test
    void aReadNeedsAStringFromSequence() {
        assertEquals("wrong type for field: fromSequence (expected string)", problem(frame(out -> {
            out.packMapHeader(3);
            field(out, "type", "JOURNAL_READ");
            field(out, "requestId", "r1");
            out.packString("fromSequence");
            out.packInt(5);
        })));
        assertEquals("missing field: fromSequence", problem(frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "JOURNAL_READ");
            field(out, "requestId", "r1");
        })));
    }

    @Test
    void anUnsubscribeNeedsASubscriptionId() {
        assertEquals("missing field: subscriptionId", problem(frame(out -> {
            out.packMapHeader(1);
            field(out, "type", "JOURNAL_UNSUBSCRIBE");
        })));
    }

    private String problem(byte[] frame) {
        return assertThrows(ProtocolException.class, () -> codec.decode(frame, true)).getMessage();
    }
}
