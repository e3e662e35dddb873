package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.QuerySub;
import dev.syncbench.protocol.ServerEvent;
import dev.syncbench.query.CursorCodec;
import dev.syncbench.store.MemoryRecordStore;
import dev.syncbench.support.Msg;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A user's query work (snapshot scans and live evaluations) is charged to a budget; past it, its
 * live queries end and its new ones are refused, each with an ERROR 429 naming the query, while
 * writers and other users' queries go on. The budget's clock here advances one millisecond each
 * time it is read, so every timed piece of work costs at least that, whatever the machine.
 */
class QueryBudgetTest {
    private static final String MAP = "m";
    private static final long MS = 1_000_000L;

    private final MemoryRecordStore store = new MemoryRecordStore();
    private final MessageCodec codec = new MessageCodec();
    private final AtomicLong ticks = new AtomicLong();

    /** A budget of 1 ms per second with a 5 ms burst, on the ticking clock. */
    private QueryService service() {
        return new QueryService(store, codec, CursorCodec.withRandomKey(), Clock.systemUTC(),
                () -> new QueryBudget(MS, 5 * MS, () -> ticks.addAndGet(MS)));
    }

    private void put(String key, int n) {
        store.putLww(MAP, key, record(n));
    }

    private static LwwRecord record(int n) {
        return new LwwRecord(RecordValue.of(ValueFactory.newMap(ValueFactory.newString("n"), ValueFactory.newInteger(n))),
                new Timestamp(System.currentTimeMillis(), n, "node"), null);
    }

    private static QuerySub everything(String queryId) {
        return new QuerySub(queryId, MAP, ValueFactory.emptyMap(), null);
    }

    @Test
    void aSnapshotScanStopsOnceOverTheBudgetWith429NamingItAndLaterQueriesAreRefused() {
        // eight scan steps, each charged at least 1 ms, against a 5 ms burst
        for (int i = 0; i < LiveResult.SCAN_STEP * 8; i++) {
            put("k" + i, i);
        }
        RecordingSubscriber user = new RecordingSubscriber(1);
        RecordingSubscriber neighbour = new RecordingSubscriber(2);
        try (QueryService queries = service()) {
            queries.subscribe(user, everything("first"));
            assertEquals(1, user.events.size(), "an ERROR and no snapshot");
            Value stopped = user.events.getFirst();
            assertEquals("ERROR", Msg.type(stopped));
            assertEquals(429L, Msg.num(stopped, "payload.code"));
            assertEquals("first", Msg.str(stopped, "payload.details.queryId"));
            assertTrue(Msg.str(stopped, "payload.message").contains("exceeded the budget"));
            assertEquals(0, queries.subscriptionCount(), "the stopped query is released");

            queries.subscribe(user, everything("second"));
            ErrorMessage refused = (ErrorMessage) user.replies.getLast();
            assertEquals(429, refused.code());
            assertTrue(refused.message().contains("'second' refused"), refused.message());
            assertTrue(refused.message().contains("subscribe again in"), refused.message());
            assertEquals(1, user.events.size(), "no snapshot for the refused query");

            queries.disconnected(user);
            RecordingSubscriber reconnected = new RecordingSubscriber(1);
            queries.subscribe(reconnected, everything("third"));
            assertEquals(429, ((ErrorMessage) reconnected.replies.getLast()).code(), "reconnecting does not refill it");

            store.putLww("small", "a", record(1));
            queries.subscribe(neighbour, new QuerySub("theirs", "small", ValueFactory.emptyMap(), null));
            assertEquals("QUERY_RESP", Msg.type(neighbour.events.getFirst()), "another user has its own budget");
        }
    }

    @Test
    void aLiveQueryOverTheBudgetIsEndedWith429NamingItAndTheWriteStillReachesOthers() {
        put("a", 1);
        RecordingSubscriber user = new RecordingSubscriber(1);
        RecordingSubscriber writer = new RecordingSubscriber(3);
        try (QueryService queries = service()) {
            queries.subscribe(user, everything("q"));
            assertEquals("QUERY_RESP", Msg.type(user.events.getFirst()));
            // each evaluation costs at least 1 ms: five fit the burst, then the query is ended
            for (int n = 2; n < 12; n++) {
                LwwRecord next = record(n);
                queries.lwwChanged(MAP, "a", null, next, new ServerEvent(MAP, "PUT", "a", next, null, null), writer);
            }
            List<Value> errors = user.events.stream().filter(e -> "ERROR".equals(Msg.type(e))).toList();
            assertEquals(1, errors.size(), "ended once");
            Value error = errors.getFirst();
            assertEquals(429L, Msg.num(error, "payload.code"));
            assertEquals("q", Msg.str(error, "payload.details.queryId"));
            assertTrue(Msg.str(error, "payload.message").contains("exceeded the budget"));
            assertEquals(0, queries.subscriptionCount(), "the ended query is released");
            long eventsAfterError = user.events.stream().dropWhile(e -> !"ERROR".equals(Msg.type(e)))
                    .filter(e -> "QUERY_UPDATE".equals(Msg.type(e))).count();
            assertEquals(0, eventsAfterError, "no QUERY_UPDATE after the ERROR");
        }
    }

    @Test
    void aLiveQueryIsChargedTheWorkItsEvaluationsTookNotTheTimeTheirThreadWaitedOffTheCore() {
        put("a", 1);
        // a loaded machine: the wall clock jumps 50 ms at each read (the OS gave the core to others)
        // while the work clock, the thread's CPU time, advances 10 µs per read
        AtomicLong wall = new AtomicLong();
        AtomicLong work = new AtomicLong();
        RecordingSubscriber user = new RecordingSubscriber(1);
        RecordingSubscriber writer = new RecordingSubscriber(3);
        try (QueryService queries = new QueryService(store, codec, CursorCodec.withRandomKey(), Clock.systemUTC(),
                () -> new QueryBudget(MS, 5 * MS, () -> wall.addAndGet(50 * MS), () -> work.addAndGet(MS / 100)))) {
            queries.subscribe(user, everything("q"));
            for (int n = 2; n < 102; n++) {
                LwwRecord next = record(n);
                queries.lwwChanged(MAP, "a", null, next, new ServerEvent(MAP, "PUT", "a", next, null, null), writer);
            }
            assertEquals(0, user.events.stream().filter(e -> "ERROR".equals(Msg.type(e))).count(),
                    "not ended for time it did not work");
            assertEquals(100, user.events.stream().filter(e -> "QUERY_UPDATE".equals(Msg.type(e))).count());
            assertEquals(1, queries.subscriptionCount());
        }
    }

    @Test
    void workIsNeverChargedMoreThanTheWallTimeItTook() {
        // a virtual thread that blocked may resume on another OS thread, whose CPU clock is far ahead
        AtomicLong wall = new AtomicLong();
        AtomicLong work = new AtomicLong();
        QueryBudget budget = new QueryBudget(100 * MS, 100 * MS, wall::get, work::get);
        QueryBudget.WorkStart start = budget.startWork();
        wall.addAndGet(2 * MS);
        work.addAndGet(60_000 * MS);
        assertEquals(2 * MS, budget.spentSince(start));
        work.addAndGet(-120_000 * MS);
        assertEquals(0, budget.spentSince(start), "nor less than nothing");
    }

    /** Grouped by n's value: every record its own group. */
    private static QuerySub grouped(String queryId) {
        return new QuerySub(queryId, MAP, ValueFactory.newMap(ValueFactory.newString("groupBy"),
                ValueFactory.newArray(ValueFactory.newString("n"))), null);
    }

    @Test
    void aGroupedSnapshotIsChargedAsItScansAndStopsOverTheBudget() {
        for (int i = 0; i < LiveResult.SCAN_STEP * 8; i++) {
            put("k" + i, i);
        }
        RecordingSubscriber user = new RecordingSubscriber(1);
        try (QueryService queries = service()) {
            queries.subscribe(user, grouped("groups"));
            assertEquals(1, user.events.size(), "an ERROR and no snapshot");
            assertEquals(429L, Msg.num(user.events.getFirst(), "payload.code"));
            assertEquals("groups", Msg.str(user.events.getFirst(), "payload.details.queryId"));
            assertEquals(0, queries.subscriptionCount());
        }
    }

    @Test
    void aGroupedLiveQueryIsChargedForEachWriteAndEndedOverTheBudget() {
        put("a", 1);
        RecordingSubscriber user = new RecordingSubscriber(1);
        RecordingSubscriber writer = new RecordingSubscriber(3);
        try (QueryService queries = service()) {
            queries.subscribe(user, grouped("groups"));
            assertEquals("QUERY_RESP", Msg.type(user.events.getFirst()));
            for (int n = 2; n < 12; n++) {
                LwwRecord next = record(n);
                queries.lwwChanged(MAP, "a", null, next, new ServerEvent(MAP, "PUT", "a", next, null, null), writer);
            }
            List<Value> errors = user.events.stream().filter(e -> "ERROR".equals(Msg.type(e))).toList();
            assertEquals(1, errors.size(), "ended once");
            assertEquals(429L, Msg.num(errors.getFirst(), "payload.code"));
            assertEquals(0, queries.subscriptionCount());
        }
    }

    @Test
    void theBudgetRefillsAtItsRateUpToItsBurst() {
        AtomicLong now = new AtomicLong();
        QueryBudget budget = new QueryBudget(100 * MS, 1_000 * MS, now::get);
        budget.charge(1_500 * MS);
        assertTrue(budget.exhausted());
        assertEquals(5_000, budget.millisUntilUsable(), "500 ms owed at 100 ms per second");
        now.addAndGet(5_001 * MS);
        assertTrue(!budget.exhausted());
        now.addAndGet(3_600_000_000L * MS);
        assertTrue(budget.full(), "a long idle time refills to the burst, no overflow");
    }
}
