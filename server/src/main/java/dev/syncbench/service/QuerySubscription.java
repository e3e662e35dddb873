package dev.syncbench.service;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.QueryResp;
import dev.syncbench.protocol.QueryRow;
import dev.syncbench.protocol.QueryUpdate;
import dev.syncbench.query.Change;
import dev.syncbench.query.LiveQuery;
import dev.syncbench.query.LiveRecord;
import dev.syncbench.query.Row;
import dev.syncbench.query.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * One connection's live query. Its snapshot always precedes its updates, and it never makes a
 * writer wait for more than a bounded step:
 * <ul>
 *   <li>While it opens, writers only append their change to a pending list (O(1) under the lock);
 *       the snapshot scan, with every predicate evaluation, runs on the subscriber's own thread
 *       holding no lock, and the pending changes are then replayed after the QUERY_RESP.</li>
 *   <li>Once live, a writer moves the window past its change under the lock: one evaluation of a
 *       query whose regex and LIKE run in linear time on bounded input.</li>
 * </ul>
 * A failure while evaluating the query ends this subscription alone with an ERROR naming it
 * (queryId in {@code details}); it never reaches the writer or another subscription.
 *
 * <p>Frames are queued with {@link ClientSession#sendEvent}, which never waits, because writers hold
 * a partition lock while they wait on this lock: a subscriber that stops reading is closed as a
 * slow consumer instead of stalling every writer of the map.
 */
final class QuerySubscription {
    /** Replays at most this many pending changes holding the lock, to end the catch-up for sure. */
    private static final int FINAL_REPLAY_UNDER_LOCK = 64;
    /** The snapshot scan charges its work and lets other threads run after this many records. */
    static final int SCAN_STEP = 256;

    /** Walks a map's live records for a snapshot, handing each to the sink. */
    @FunctionalInterface
    interface Scan {
        void forEach(Consumer<LiveRecord> sink);
    }

    /** Stops a scan whose subscription was closed meanwhile, or whose user ran out of budget. */
    private static final class ScanStopped extends RuntimeException {
        private final boolean overBudget;

        ScanStopped(boolean overBudget) {
            super(null, null, false, false);
            this.overBudget = overBudget;
        }
    }

    private enum State { OPENING, LIVE, CLOSED }

    /** A write that arrived while the snapshot was being taken; value null when removed or expired. */
    private record Pending(String key, Value value, long expiresAtMillis, boolean deliver) {
    }

    private final ClientSession session;
    private final String queryId;
    private final String mapName;
    private final LiveQuery live;
    private final MessageCodec codec;
    private final ExpiryTimer timer;
    private final QueryBudget budget;
    private final Consumer<QuerySubscription> onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock for writes; volatile so the scan can stop early once closed. */
    private volatile State state = State.OPENING;
    /** Guarded by lock; non-null only while OPENING. */
    private List<Pending> pending = new ArrayList<>();
    /** Guarded by lock: when the timer will next call {@link #expire}, NEVER when not scheduled. */
    private long scheduledExpiry = LiveRecord.NEVER;
    /** Guarded by lock: the timer's pending call, if any. */
    private Future<?> scheduled;

    QuerySubscription(ClientSession session, String queryId, String mapName, LiveQuery live, MessageCodec codec,
                      ExpiryTimer timer, QueryBudget budget, Consumer<QuerySubscription> onFailure) {
        this.session = session;
        this.queryId = queryId;
        this.mapName = mapName;
        this.live = live;
        this.codec = codec;
        this.timer = timer;
        this.budget = budget;
        this.onFailure = onFailure;
    }

    ClientSession session() {
        return session;
    }

    String queryId() {
        return queryId;
    }

    String mapName() {
        return mapName;
    }

    /**
     * Makes the subscription visible to writers with {@code register}, takes the snapshot of the
     * records {@code scan} walks without holding any lock, queues QUERY_RESP, then replays the
     * writes that arrived meanwhile as QUERY_UPDATEs and goes live. Runs on the subscriber's thread;
     * the scan yields every {@link #SCAN_STEP} records, so a large map does not hold a carrier
     * thread its neighbours need, and its time is charged to the subscriber's budget: a scan that
     * uses it up stops there and the subscription ends with ERROR 429.
     */
    void open(Runnable register, Scan scan) {
        register.run();
        byte[] response;
        try {
            response = codec.encode(queryResp(snapshot(scan)));
        } catch (ScanStopped e) {
            if (e.overBudget) {
                endOverBudget();
            }
            return;
        } catch (RuntimeException | StackOverflowError e) {
            fail(e);
            return;
        }
        List<Pending> batch;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            session.sendEvent(response);
            batch = takePending();
        } finally {
            lock.unlock();
        }
        while (true) {
            try {
                long started = budget.now();
                replay(batch);
                budget.chargeSince(started);
            } catch (RuntimeException | StackOverflowError e) {
                fail(e);
                return;
            }
            lock.lock();
            try {
                if (state == State.CLOSED) {
                    return;
                }
                batch = takePending();
                if (batch.size() <= FINAL_REPLAY_UNDER_LOCK) {
                    replay(batch);
                    state = State.LIVE;
                    pending = null;
                    scheduleExpiry();
                    return;
                }
            } catch (RuntimeException | StackOverflowError e) {
                failLocked(e);
            } finally {
                lock.unlock();
            }
            if (state != State.OPENING) {
                onFailure.accept(this);
                return;
            }
        }
    }

    /**
     * Moves the live window past one write (key now holds {@code value}, or is gone when null) and,
     * when {@code deliver}, queues the resulting QUERY_UPDATEs. The writer's own connection passes
     * false: its window must follow the write, but its client already applied it.
     */
    void update(String key, Value value, long expiresAtMillis, boolean deliver) {
        boolean failed = false;
        lock.lock();
        try {
            switch (state) {
                case CLOSED -> { }
                case OPENING -> pending.add(new Pending(key, value, expiresAtMillis, deliver));
                case LIVE -> {
                    if (budget.exhausted()) {
                        failOverBudget();
                        failed = true;
                        break;
                    }
                    try {
                        long started = budget.now();
                        List<Change> changes = live.apply(key, value, expiresAtMillis);
                        budget.chargeSince(started);
                        send(changes, deliver);
                        scheduleExpiry();
                    } catch (RuntimeException | StackOverflowError e) {
                        failLocked(e);
                        failed = true;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (failed) {
            onFailure.accept(this);
        }
    }

    /** Called by the timer: the rows that expired leave (and the window refills). */
    void expire(long nowMillis) {
        boolean failed = false;
        lock.lock();
        try {
            scheduledExpiry = LiveRecord.NEVER;
            scheduled = null;
            if (state != State.LIVE) {
                return;
            }
            try {
                long started = budget.now();
                List<Change> changes = live.expire(nowMillis);
                budget.chargeSince(started);
                send(changes, true);
                scheduleExpiry();
            } catch (RuntimeException | StackOverflowError e) {
                failLocked(e);
                failed = true;
            }
        } finally {
            lock.unlock();
        }
        if (failed) {
            onFailure.accept(this);
        }
    }

    /** Stops updates; after this returns no further QUERY_UPDATE of this subscription is queued. */
    void close() {
        lock.lock();
        try {
            state = State.CLOSED;
            pending = null;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        } finally {
            lock.unlock();
        }
    }

    private void fail(Throwable cause) {
        endUnlessClosed(() -> failLocked(cause));
    }

    /** A snapshot that ran out of budget half way: ERROR 429, and the subscription is unregistered. */
    private void endOverBudget() {
        endUnlessClosed(this::failOverBudget);
    }

    /** Runs {@code end} under the lock unless already closed, then unregisters the subscription. */
    private void endUnlessClosed(Runnable end) {
        boolean ended;
        lock.lock();
        try {
            ended = state != State.CLOSED;
            if (ended) {
                end.run();
            }
        } finally {
            lock.unlock();
        }
        if (ended) {
            onFailure.accept(this);
        }
    }

    /** Closes and tells the subscriber why, naming the query; the caller then unregisters it. */
    private void failLocked(Throwable cause) {
        String reason = cause instanceof StackOverflowError ? "evaluation too deep" : String.valueOf(cause.getMessage());
        endLocked(500, reason);
    }

    /** Ends a live query whose user has used more than its query budget: ERROR 429, the caller unregisters it. */
    private void failOverBudget() {
        endLocked(429, "its user exceeded the budget of " + budget.describe() + "; subscribe again in "
                + budget.millisUntilUsable() + " ms");
    }

    private void endLocked(int code, String reason) {
        state = State.CLOSED;
        pending = null;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        session.sendEvent(codec.encode(new ErrorMessage(code,
                "query '" + queryId + "' on map '" + mapName + "' ended: " + reason, details(queryId, mapName))));
    }

    /** The ERROR details naming a query, so the client knows which of its queries an error is about. */
    static RecordValue details(String queryId, String mapName) {
        return RecordValue.of(ValueFactory.newMap(
                ValueFactory.newString("queryId"), ValueFactory.newString(queryId),
                ValueFactory.newString("mapName"), ValueFactory.newString(mapName)));
    }

    /** The snapshot of what scan walks, in steps that each charge the budget and then yield. */
    private Snapshot snapshot(Scan scan) {
        live.beginSnapshot();
        long[] stepStarted = {budget.now()};
        int[] inStep = {0};
        scan.forEach(record -> {
            live.offer(record);
            if (++inStep[0] == SCAN_STEP) {
                inStep[0] = 0;
                budget.chargeSince(stepStarted[0]);
                if (state == State.CLOSED) {
                    throw new ScanStopped(false);
                }
                if (budget.exhausted()) {
                    throw new ScanStopped(true);
                }
                Thread.yield();
                stepStarted[0] = budget.now();
            }
        });
        budget.chargeSince(stepStarted[0]);
        return live.finishSnapshot();
    }

    private List<Pending> takePending() {
        List<Pending> taken = pending;
        pending = new ArrayList<>();
        return taken;
    }

    private void replay(List<Pending> batch) {
        for (Pending change : batch) {
            send(live.apply(change.key(), change.value(), change.expiresAtMillis()), change.deliver());
        }
    }

    private void send(List<Change> changes, boolean deliver) {
        if (!deliver) {
            return;
        }
        for (Change change : changes) {
            RecordValue projected = change.value() == null ? null : RecordValue.of(change.value());
            session.sendEvent(codec.encode(new QueryUpdate(queryId, change.key(), projected, change.type().name())));
        }
    }

    /** Asks the timer for a call at the soonest expiry, unless one is due by then already. */
    private void scheduleExpiry() {
        long next = live.nextExpiry();
        if (next < scheduledExpiry) {
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            scheduledExpiry = next;
            // Expired means strictly before now, so the row is gone one millisecond after its expiry.
            scheduled = timer.schedule(this, next + 1);
        }
    }

    private QueryResp queryResp(Snapshot snapshot) {
        List<QueryRow> rows = new ArrayList<>(snapshot.rows().size());
        for (Row row : snapshot.rows()) {
            rows.add(new QueryRow(row.key(), RecordValue.of(row.value())));
        }
        // hasMore is omitted when false, as TopGun does.
        Boolean hasMore = snapshot.hasMore() ? Boolean.TRUE : null;
        return new QueryResp(queryId, rows, hasMore, snapshot.nextCursor(), snapshot.cursorStatus());
    }
}
