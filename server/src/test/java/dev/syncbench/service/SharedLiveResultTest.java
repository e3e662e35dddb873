package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.QuerySub;
import dev.syncbench.protocol.QueryUnsub;
import dev.syncbench.protocol.ServerEvent;
import dev.syncbench.query.CursorCodec;
import dev.syncbench.store.MemoryRecordStore;
import dev.syncbench.support.Msg;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Subscriptions to the same query on the same map share one live result. What each client sees is
 * exactly what it would see alone: a later subscriber's QUERY_RESP is the current result, every
 * member gets each change (but the writer's own connection), members leave and end independently,
 * and a different query is never mixed up with it.
 */
class SharedLiveResultTest {
    private static final String MAP = "m";
    private static final long MS = 1_000_000L;

    private final MemoryRecordStore store = new MemoryRecordStore();
    private final MessageCodec codec = new MessageCodec();

    private QueryService service() {
        return new QueryService(store, codec, CursorCodec.withRandomKey(), Clock.systemUTC());
    }

    private static LwwRecord record(int n) {
        return new LwwRecord(RecordValue.of(ValueFactory.newMap(ValueFactory.newString("n"), ValueFactory.newInteger(n))),
                new Timestamp(System.currentTimeMillis(), n, "node"), null);
    }

    /** Stores a write and tells the service, as WriteService does. */
    private void write(QueryService queries, String key, int n, ClientSession origin) {
        LwwRecord record = record(n);
        LwwRecord previous = store.getLww(MAP, key);
        store.putLww(MAP, key, record);
        queries.lwwChanged(MAP, key, previous, record, new ServerEvent(MAP, "PUT", key, record, null, null), origin);
    }

    private static QuerySub everything(String queryId) {
        return new QuerySub(queryId, MAP, ValueFactory.emptyMap(), null);
    }

    private static QuerySub nEquals(String queryId, int n) {
        Value where = ValueFactory.newMap(ValueFactory.newString("n"), ValueFactory.newInteger(n));
        return new QuerySub(queryId, MAP, ValueFactory.newMap(ValueFactory.newString("where"), where), null);
    }

    private static List<Value> ofType(RecordingSubscriber session, String type) {
        return session.events.stream().filter(e -> type.equals(Msg.type(e))).toList();
    }

    private static List<String> snapshotKeys(Value queryResp) {
        return Msg.get(queryResp, "payload.results").asArrayValue().list().stream().map(row -> Msg.str(row, "key")).toList();
    }

    @Test
    void aLaterSubscriberStartsFromTheCurrentResultAndEveryMemberGetsEachLaterChange() {
        RecordingSubscriber first = new RecordingSubscriber(1);
        RecordingSubscriber second = new RecordingSubscriber(2);
        RecordingSubscriber writer = new RecordingSubscriber(3);
        try (QueryService queries = service()) {
            write(queries, "a", 1, writer);
            queries.subscribe(first, everything("q-first"));
            write(queries, "b", 2, writer); // after the first snapshot: only in the live result

            queries.subscribe(second, everything("q-second"));
            Value snapshot = ofType(second, "QUERY_RESP").getFirst();
            assertEquals("q-second", Msg.str(snapshot, "payload.queryId"));
            assertEquals(List.of("a", "b"), snapshotKeys(snapshot), "the current result, as a fresh snapshot");

            write(queries, "c", 3, writer);
            for (RecordingSubscriber member : List.of(first, second)) {
                Value update = ofType(member, "QUERY_UPDATE").getLast();
                assertEquals("c", Msg.str(update, "payload.key"));
                assertEquals("ENTER", Msg.str(update, "payload.changeType"));
            }
            assertEquals("q-first", Msg.str(ofType(first, "QUERY_UPDATE").getLast(), "payload.queryId"));
            assertEquals("q-second", Msg.str(ofType(second, "QUERY_UPDATE").getLast(), "payload.queryId"));
            assertEquals(2, ofType(first, "QUERY_UPDATE").size(), "b and c");
            assertEquals(1, ofType(second, "QUERY_UPDATE").size(), "only c: b was in its snapshot");
        }
    }

    @Test
    void theWritersOwnConnectionGetsNoUpdateForItsWriteWhileTheOtherMemberDoes() {
        RecordingSubscriber writerAndMember = new RecordingSubscriber(1);
        RecordingSubscriber other = new RecordingSubscriber(2);
        try (QueryService queries = service()) {
            queries.subscribe(writerAndMember, everything("mine"));
            queries.subscribe(other, everything("theirs"));

            write(queries, "k", 1, writerAndMember);

            assertEquals(0, ofType(writerAndMember, "QUERY_UPDATE").size());
            assertEquals(1, ofType(other, "QUERY_UPDATE").size());
        }
    }

    @Test
    void whenTheFirstMemberLeavesTheOthersStayLiveAndANewOneJoinsTheSameResult() {
        RecordingSubscriber first = new RecordingSubscriber(1);
        RecordingSubscriber second = new RecordingSubscriber(2);
        RecordingSubscriber third = new RecordingSubscriber(3);
        RecordingSubscriber writer = new RecordingSubscriber(4);
        try (QueryService queries = service()) {
            queries.subscribe(first, everything("q"));
            queries.subscribe(second, everything("q"));
            queries.unsubscribe(first, new QueryUnsub("q"));
            write(queries, "x", 1, writer);
            assertEquals(0, ofType(first, "QUERY_UPDATE").size(), "nothing after unsubscribing");
            assertEquals(1, ofType(second, "QUERY_UPDATE").size());

            queries.disconnected(second);
            assertEquals(0, queries.watchedMapCount(), "the last member's leaving releases the result");

            queries.subscribe(third, everything("q"));
            assertEquals(List.of("x"), snapshotKeys(ofType(third, "QUERY_RESP").getFirst()), "a fresh result, scanned");
        }
    }

    @Test
    void differentQueriesOnTheSameMapKeepTheirOwnResults() {
        RecordingSubscriber all = new RecordingSubscriber(1);
        RecordingSubscriber big = new RecordingSubscriber(2);
        RecordingSubscriber writer = new RecordingSubscriber(3);
        try (QueryService queries = service()) {
            queries.subscribe(all, everything("q"));
            queries.subscribe(big, nEquals("q", 20));
            write(queries, "small", 1, writer);
            write(queries, "large", 20, writer);

            assertEquals(List.of("small", "large"),
                    ofType(all, "QUERY_UPDATE").stream().map(u -> Msg.str(u, "payload.key")).toList());
            assertEquals(List.of("large"),
                    ofType(big, "QUERY_UPDATE").stream().map(u -> Msg.str(u, "payload.key")).toList());
        }
    }

    @Test
    void aMemberWhoseUserIsOverItsBudgetIsEndedAloneAndTheOtherStaysLive() {
        AtomicLong ticks = new AtomicLong();
        AtomicReference<String> poorUser = new AtomicReference<>("user-1");
        // user-1's budget: 2 ms burst on a clock that ticks 1 ms per read; everyone else: the defaults
        QueryService queries = new QueryService(store, codec, CursorCodec.withRandomKey(), Clock.systemUTC(),
                () -> poorUser.getAndSet(null) != null
                        ? new QueryBudget(MS, 2 * MS, () -> ticks.addAndGet(MS))
                        : new QueryBudget(QueryBudget.DEFAULT_RATE_NANOS_PER_SECOND, QueryBudget.DEFAULT_BURST_NANOS, System::nanoTime));
        RecordingSubscriber poor = new RecordingSubscriber(1);
        RecordingSubscriber rich = new RecordingSubscriber(2);
        RecordingSubscriber writer = new RecordingSubscriber(3);
        try (queries) {
            queries.subscribe(poor, everything("q"));
            queries.subscribe(rich, everything("q"));
            for (int n = 0; n < 10; n++) {
                write(queries, "k" + n, n, writer);
            }
            List<Value> errors = ofType(poor, "ERROR");
            assertEquals(1, errors.size());
            assertEquals(429L, Msg.num(errors.getFirst(), "payload.code"));
            assertEquals(10, ofType(rich, "QUERY_UPDATE").size(), "the other member is untouched");
            assertTrue(ofType(poor, "QUERY_UPDATE").size() < 10);
            assertEquals(1, queries.subscriptionCount());
        }
    }
}
