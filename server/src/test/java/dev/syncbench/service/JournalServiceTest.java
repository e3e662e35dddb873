package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.journal.Journal;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.JournalEvent;
import dev.syncbench.protocol.JournalEventData;
import dev.syncbench.protocol.JournalRead;
import dev.syncbench.protocol.JournalReadResponse;
import dev.syncbench.protocol.JournalSubscribe;
import dev.syncbench.protocol.JournalUnsubscribe;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

/** Subscriptions and reads over a journal, below the network layer. */
class JournalServiceTest {
    private static final Timestamp TS = new Timestamp(1_000, 0, "n1");
    private final MessageCodec codec = new MessageCodec();
    private final Journal journal = new Journal(5);
    private final JournalService service = new JournalService(journal, codec);
    private final RecordingSession session = new RecordingSession();

    private void put(String map, String key) {
        journal.append(false, map, key, RecordValue.of(ValueFactory.newString(key)), TS);
    }

    private void delete(String map, String key) {
        journal.append(true, map, key, null, TS);
    }

    private List<String> pushed() throws ProtocolException {
        List<String> sequences = new ArrayList<>();
        for (byte[] frame : session.events) {
            JournalEventData event = assertInstanceOf(JournalEvent.class, codec.decode(frame)).event();
            sequences.add(event.sequence() + ":" + event.type() + ":" + event.mapName() + "/" + event.key());
        }
        return sequences;
    }

    private JournalReadResponse read(String from, Integer limit, String map) {
        service.read(session, new JournalRead("r", from, limit, map));
        return assertInstanceOf(JournalReadResponse.class, session.replies.removeLast());
    }

    @Test
    void aSubscriberGetsLaterEntriesOnly() throws ProtocolException {
        put("m", "before");
        service.subscribe(session, new JournalSubscribe("s", null, null, null));
        put("m", "a");
        delete("m", "a");
        assertEquals(List.of("2:PUT:m/a", "3:DELETE:m/a"), pushed());
        assertTrue(session.replies.isEmpty(), "no reply to a subscribe");
    }

    @Test
    void filtersByMapAndType() throws ProtocolException {
        service.subscribe(session, new JournalSubscribe("s", null, "users", List.of("DELETE")));
        put("users", "a");
        delete("orders", "b");
        delete("users", "c");
        assertEquals(List.of("3:DELETE:users/c"), pushed());
    }

    @Test
    void fromSequenceReplaysRetainedEntriesThenLiveOnesWithoutGapOrRepeat() throws ProtocolException {
        for (int i = 1; i <= 7; i++) {
            put("m", "k" + i);
        }
        service.subscribe(session, new JournalSubscribe("s", "1", null, null));
        put("m", "k8");
        assertEquals(List.of("3:PUT:m/k3", "4:PUT:m/k4", "5:PUT:m/k5", "6:PUT:m/k6", "7:PUT:m/k7", "8:PUT:m/k8"),
                pushed(), "1 and 2 are no longer retained");
    }

    @Test
    void aSequenceLostBeforeARestartDoesNotStallASubscriber() throws ProtocolException {
        Journal restored = new Journal(5);
        JournalService afterRestart = new JournalService(restored, codec);
        restored.restore(List.of(new dev.syncbench.journal.JournalEntry(1, false, "m", "a", null, TS),
                new dev.syncbench.journal.JournalEntry(3, false, "m", "c", null, TS)));
        afterRestart.subscribe(session, new JournalSubscribe("s", "1", null, null));
        restored.append(false, "m", "d", null, TS);
        assertEquals(List.of("1:PUT:m/a", "3:PUT:m/c", "4:PUT:m/d"), pushed(), "2 was never stored");
    }

    @Test
    void unsubscribeAndDisconnectStopPushes() throws ProtocolException {
        service.subscribe(session, new JournalSubscribe("s", null, null, null));
        put("m", "a");
        service.unsubscribe(session, new JournalUnsubscribe("s"));
        put("m", "b");
        service.subscribe(session, new JournalSubscribe("t", null, null, null));
        put("m", "c");
        service.disconnected(session);
        put("m", "d");
        assertEquals(List.of("1:PUT:m/a", "3:PUT:m/c"), pushed());
    }

    @Test
    void readPagesThroughRetainedEntries() {
        for (int i = 1; i <= 4; i++) {
            put(i % 2 == 0 ? "even" : "odd", "k" + i);
        }
        JournalReadResponse first = read("1", 2, null);
        assertEquals(List.of("1", "2"), first.events().stream().map(JournalEventData::sequence).toList());
        assertTrue(first.hasMore());
        JournalReadResponse rest = read("3", 2, null);
        assertEquals(List.of("3", "4"), rest.events().stream().map(JournalEventData::sequence).toList());
        assertFalse(rest.hasMore());
        assertEquals(List.of("2", "4"), read("0", null, "even").events().stream().map(JournalEventData::sequence).toList());
    }

    @Test
    void anUnparsableFromSequenceCountsAsZero() {
        put("m", "a");
        put("m", "b");
        assertEquals(2, read("seq-050", null, null).events().size());
        assertEquals(2, read("-3", null, null).events().size());
        assertEquals(0, read("99", null, null).events().size());
    }

    @Test
    void aConnectionsSubscriptionsAreCapped() {
        for (int i = 0; i < JournalService.MAX_SUBSCRIPTIONS_PER_CONNECTION; i++) {
            service.subscribe(session, new JournalSubscribe("s" + i, null, null, null));
        }
        assertTrue(session.replies.isEmpty());
        service.subscribe(session, new JournalSubscribe("one-too-many", null, null, null));
        assertEquals(429, assertInstanceOf(ErrorMessage.class, session.replies.getFirst()).code());
    }
}
