package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.query.CursorCodec;
import dev.syncbench.query.LiveQuery;
import dev.syncbench.query.LiveRecord;
import dev.syncbench.query.Query;
import dev.syncbench.support.Msg;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A subscription never makes a writer wait on its snapshot (issue 9, item 5: no user predicate is
 * evaluated under a lock a writer needs), and a failure while evaluating it ends it alone, with an
 * ERROR naming it (item 1).
 */
class QuerySubscriptionLockTest {
    private final MessageCodec codec = new MessageCodec();
    private final ExpiryTimer timer = new ExpiryTimer(Clock.systemUTC());

    private QuerySubscription subscription(RecordingSubscriber session, AtomicInteger dropped) {
        return new QuerySubscription(session, "q1", "m", codec,
                new QueryBudget(QueryBudget.DEFAULT_RATE_NANOS_PER_SECOND, QueryBudget.DEFAULT_BURST_NANOS, System::nanoTime),
                failed -> dropped.incrementAndGet());
    }

    private LiveResult result() throws Exception {
        Query query = Query.parse(ValueFactory.emptyMap(), (List<String>) null, CursorCodec.withRandomKey());
        return new LiveResult(new LiveQuery(query), timer, closed -> { });
    }

    private static Value value(int n) {
        return ValueFactory.newMap(ValueFactory.newString("n"), ValueFactory.newInteger(n));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aWriterDoesNotWaitWhileTheSnapshotIsTakenAndItsChangeFollowsTheSnapshot() throws Exception {
        RecordingSubscriber session = new RecordingSubscriber(7);
        QuerySubscription sub = subscription(session, new AtomicInteger());
        LiveResult result = result();
        CountDownLatch scanning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            try {
                check(sub, result, session, scanning, release, threads);
            } finally {
                release.countDown();
            }
        }
    }

    private static void check(QuerySubscription sub, LiveResult result, RecordingSubscriber session,
                              CountDownLatch scanning, CountDownLatch release, ExecutorService threads) throws Exception {
        Future<?> opening = threads.submit(() -> sub.open(result, sink -> {
            scanning.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sink.accept(new LiveRecord("a", value(1), LiveRecord.NEVER));
        }));
        assertTrue(scanning.await(5, TimeUnit.SECONDS));

        // The snapshot scan is stuck (think: a slow predicate over a big map); a writer still passes.
        Future<?> write = threads.submit(() -> result.update("b", value(2), LiveRecord.NEVER, LiveResult.NO_ORIGIN));
        write.get(5, TimeUnit.SECONDS);
        assertTrue(session.events.isEmpty(), "nothing is sent before the snapshot");

        release.countDown();
        opening.get(5, TimeUnit.SECONDS);
        assertEquals("QUERY_RESP", Msg.type(session.events.get(0)));
        assertEquals("QUERY_UPDATE", Msg.type(session.events.get(1)));
        assertEquals("b", Msg.str(session.events.get(1), "payload.key"));
        assertEquals("ENTER", Msg.str(session.events.get(1), "payload.changeType"));

        result.update("c", value(3), LiveRecord.NEVER, LiveResult.NO_ORIGIN);
        assertEquals("c", Msg.str(session.events.getLast(), "payload.key"), "live after the catch-up");
    }

    @Test
    void aFailingSnapshotEndsTheSubscriptionWithAnErrorNamingIt() throws Exception {
        RecordingSubscriber session = new RecordingSubscriber(8);
        AtomicInteger dropped = new AtomicInteger();
        QuerySubscription sub = subscription(session, dropped);
        LiveResult result = result();
        sub.open(result, sink -> {
            throw new IllegalStateException("store read failed");
        });
        assertEquals(1, session.events.size());
        Value error = session.events.getFirst();
        assertEquals("ERROR", Msg.type(error));
        assertEquals("q1", Msg.str(error, "payload.details.queryId"));
        assertTrue(Msg.str(error, "payload.message").contains("store read failed"));
        assertEquals(1, dropped.get(), "the service is told to unregister it");

        result.update("x", value(1), LiveRecord.NEVER, LiveResult.NO_ORIGIN);
        assertEquals(1, session.events.size(), "no update after the ERROR");
    }
}
