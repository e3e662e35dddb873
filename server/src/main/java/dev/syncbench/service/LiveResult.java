package dev.syncbench.service;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.query.Change;
import dev.syncbench.query.LiveRecord;
import dev.syncbench.query.LiveView;
import dev.syncbench.query.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.msgpack.value.Value;

/**
 * The live result of one query on one map, kept for every subscription that asked exactly that
 * query: a write is evaluated once, and its QUERY_UPDATEs go to each member. Its snapshot always
 * precedes its updates, and it never makes a writer wait for more than a bounded step:
 * <ul>
 *   <li>While it opens, writers only append their change to a pending list (O(1) under the lock);
 *       the snapshot scan, with every predicate evaluation, runs on the first subscriber's own
 *       thread holding no lock, and the pending changes are then replayed after the QUERY_RESP.</li>
 *   <li>Once live, a writer moves the window past its change under the lock: one evaluation of a
 *       query whose regex and LIKE run in linear time on bounded input. A later subscription to
 *       the same query joins with the current window as its snapshot, without a scan.</li>
 * </ul>
 * Each member's user is charged the whole work, as if it held the query alone. A failure while
 * evaluating the query ends every member with an ERROR naming its query (it never reaches the
 * writer or another query); a member whose user is over its budget is ended alone.
 *
 * <p>Frames are queued with {@link ClientSession#sendEvent}, which never waits, because writers
 * hold a partition lock while they wait on this lock.
 */
final class LiveResult {
    /** Replays at most this many pending changes holding the lock, to end the catch-up for sure. */
    private static final int FINAL_REPLAY_UNDER_LOCK = 64;
    /** The snapshot scan charges its work and lets other threads run after this many records. */
    static final int SCAN_STEP = 256;
    /** A scan's rest after a step is as long as the step, up to this (a step descheduled for long is not a cost). */
    private static final long MAX_REST_NANOS = 1_000_000L;
    /** The origin of a change no connection made (expiry, or a write with no session). */
    static final long NO_ORIGIN = Long.MIN_VALUE;

    /** Walks a map's live records for a snapshot, handing each to the sink. */
    @FunctionalInterface
    interface Scan {
        void forEach(Consumer<LiveRecord> sink);
    }

    /** Stops a scan whose result was closed meanwhile, or whose subscriber's user ran out of budget. */
    private static final class ScanStopped extends RuntimeException {
        private final boolean overBudget;

        ScanStopped(boolean overBudget) {
            super(null, null, false, false);
            this.overBudget = overBudget;
        }
    }

    private enum State { OPENING, LIVE, CLOSED }

    /** A write that arrived while the snapshot was being taken; value null when removed or expired. */
    private record Pending(String key, Value value, long expiresAtMillis, long originId) {
    }

    private final LiveView live;
    private final ExpiryTimer timer;
    /** Called once the last member has left, so the service forgets this result. */
    private final Consumer<LiveResult> onClosed;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock for writes; volatile so the scan can stop early once closed. */
    private volatile State state = State.OPENING;
    /** Guarded by lock; non-null only while OPENING. */
    private List<Pending> pending = new ArrayList<>();
    /** Changed under lock; copy-on-write because the first catch-up delivers to it unlocked. */
    private final List<QuerySubscription> members = new CopyOnWriteArrayList<>();
    /** Guarded by lock: when the timer will next call {@link #expire}, NEVER when not scheduled. */
    private long scheduledExpiry = LiveRecord.NEVER;
    /** Guarded by lock: the timer's pending call, if any. */
    private Future<?> scheduled;

    LiveResult(LiveView live, ExpiryTimer timer, Consumer<LiveResult> onClosed) {
        this.live = live;
        this.timer = timer;
        this.onClosed = onClosed;
    }

    /**
     * Opens the result for its first member: takes the snapshot of the records {@code scan} walks
     * without holding any lock, queues QUERY_RESP, then replays the writes that arrived meanwhile as
     * QUERY_UPDATEs and goes live. The caller has already made the result visible to writers. Runs
     * on the subscriber's thread; the scan rests after every {@link #SCAN_STEP} records, so a large
     * map does not hold a carrier thread its neighbours need, and its time is charged to the
     * subscriber's budget: a scan that uses it up stops there and the subscription ends with 429.
     */
    void open(QuerySubscription first, Scan scan) {
        lock.lock();
        try {
            members.add(first);
        } finally {
            lock.unlock();
        }
        Snapshot snapshot;
        try {
            snapshot = snapshot(scan, first.budget());
        } catch (ScanStopped e) {
            if (e.overBudget) {
                endAll(QuerySubscription::overBudgetReason, 429);
            }
            return;
        } catch (RuntimeException | StackOverflowError e) {
            fail(e);
            return;
        }
        byte[] response = first.encodeSnapshot(snapshot);
        List<Pending> batch;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            first.sendFrame(response);
            batch = takePending();
        } finally {
            lock.unlock();
        }
        while (true) {
            try {
                QueryBudget.WorkStart started = first.budget().startWork();
                replay(batch);
                first.budget().chargeSince(started);
            } catch (RuntimeException | StackOverflowError e) {
                fail(e);
                return;
            }
            List<QuerySubscription> ended = List.of();
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
                ended = failLocked(e);
            } finally {
                lock.unlock();
            }
            if (!ended.isEmpty()) {
                ended.forEach(QuerySubscription::ended);
                return;
            }
        }
    }

    /**
     * Adds a subscription to this result if it is live: its QUERY_RESP is the current window (as a
     * fresh snapshot would be), and the changes that arrive while it is encoded follow it.
     *
     * @return false when the result is not live (still opening, or closed): open another instead
     */
    boolean join(QuerySubscription member) {
        Snapshot snapshot;
        lock.lock();
        try {
            if (state != State.LIVE) {
                return false;
            }
            snapshot = live.currentSnapshot();
            member.holdUpdates();
            members.add(member);
        } finally {
            lock.unlock();
        }
        byte[] response = member.encodeSnapshot(snapshot);
        lock.lock();
        try {
            if (members.contains(member)) {
                member.sendFrame(response);
                member.releaseUpdates();
            }
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** Whether a new subscription can {@link #join} now. */
    boolean isLive() {
        return state == State.LIVE;
    }

    /**
     * Moves the live window past one write (key now holds {@code value}, or is gone when null) and
     * queues the resulting QUERY_UPDATEs to every member but the writer's own connection, whose
     * client already applied it (unless only the server can compute the result: groups). Members
     * whose user is over its budget are ended first.
     */
    void update(String key, Value value, long expiresAtMillis, long originId) {
        List<QuerySubscription> ended = List.of();
        lock.lock();
        try {
            switch (state) {
                case CLOSED -> { }
                case OPENING -> pending.add(new Pending(key, value, expiresAtMillis, originId));
                case LIVE -> {
                    ended = endOverBudget();
                    if (!members.isEmpty()) {
                        ended = evaluate(() -> live.apply(key, value, expiresAtMillis), originId, ended);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        ended.forEach(QuerySubscription::ended);
    }

    /** Called by the timer: the rows that expired leave (and the window refills). */
    void expire(long nowMillis) {
        List<QuerySubscription> ended = List.of();
        lock.lock();
        try {
            scheduledExpiry = LiveRecord.NEVER;
            scheduled = null;
            if (state == State.LIVE) {
                ended = evaluate(() -> live.expire(nowMillis), NO_ORIGIN, List.of());
            }
        } finally {
            lock.unlock();
        }
        ended.forEach(QuerySubscription::ended);
    }

    /** Takes a member out; the last one to leave closes the result. Nothing is queued to it afterwards. */
    void leave(QuerySubscription member) {
        boolean closed;
        lock.lock();
        try {
            members.remove(member);
            closed = members.isEmpty() && state != State.CLOSED;
            if (closed) {
                closeLocked();
            }
        } finally {
            lock.unlock();
        }
        if (closed) {
            onClosed.accept(this);
        }
    }

    @FunctionalInterface
    private interface Evaluation {
        List<Change> run();
    }

    /** Runs one evaluation under the lock, charges it to every member and delivers it; returns who ended. */
    private List<QuerySubscription> evaluate(Evaluation evaluation, long originId, List<QuerySubscription> ended) {
        try {
            QueryBudget clock = members.getFirst().budget();
            QueryBudget.WorkStart started = clock.startWork();
            List<Change> changes = evaluation.run();
            long spent = clock.spentSince(started);
            for (QuerySubscription member : members) {
                member.budget().charge(spent);
            }
            deliver(changes, originId);
            scheduleExpiry();
            return ended;
        } catch (RuntimeException | StackOverflowError e) {
            List<QuerySubscription> failed = new ArrayList<>(ended);
            failed.addAll(failLocked(e));
            return failed;
        }
    }

    /** Ends (under the lock) the members whose user owes query work; the caller tells them once unlocked. */
    private List<QuerySubscription> endOverBudget() {
        List<QuerySubscription> ended = null;
        for (QuerySubscription member : members) {
            if (member.budget().exhausted()) {
                member.endLocked(429, member.overBudgetReason());
                if (ended == null) {
                    ended = new ArrayList<>();
                }
                ended.add(member);
            }
        }
        if (ended == null) {
            return List.of();
        }
        members.removeAll(ended);
        if (members.isEmpty()) {
            closeLocked();
        }
        return ended;
    }

    private void fail(Throwable cause) {
        List<QuerySubscription> ended;
        lock.lock();
        try {
            ended = state == State.CLOSED ? List.of() : failLocked(cause);
        } finally {
            lock.unlock();
        }
        ended.forEach(QuerySubscription::ended);
    }

    /** Ends every member, each told why with an ERROR naming its query; the caller tells them once unlocked. */
    private List<QuerySubscription> failLocked(Throwable cause) {
        String reason = cause instanceof StackOverflowError ? "evaluation too deep" : String.valueOf(cause.getMessage());
        return endAllLocked(member -> reason, 500);
    }

    private void endAll(Function<QuerySubscription, String> reason, int code) {
        List<QuerySubscription> ended;
        lock.lock();
        try {
            ended = state == State.CLOSED ? List.of() : endAllLocked(reason, code);
        } finally {
            lock.unlock();
        }
        ended.forEach(QuerySubscription::ended);
    }

    private List<QuerySubscription> endAllLocked(Function<QuerySubscription, String> reason, int code) {
        List<QuerySubscription> ended = List.copyOf(members);
        for (QuerySubscription member : ended) {
            member.endLocked(code, reason.apply(member));
        }
        members.clear();
        closeLocked();
        return ended;
    }

    private void closeLocked() {
        state = State.CLOSED;
        pending = null;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    /**
     * The snapshot of what scan walks, in steps that each charge the budget and then rest as long as
     * the step took: a scan uses at most half a core while it runs, so a large one slows its
     * neighbours' requests little instead of taking a whole core from them.
     */
    private Snapshot snapshot(Scan scan, QueryBudget budget) {
        live.beginSnapshot();
        QueryBudget.WorkStart[] stepStarted = {budget.startWork()};
        long[] stepStartedNanos = {System.nanoTime()};
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
                LockSupport.parkNanos(Math.min(System.nanoTime() - stepStartedNanos[0], MAX_REST_NANOS));
                stepStarted[0] = budget.startWork();
                stepStartedNanos[0] = System.nanoTime();
            }
        });
        Snapshot snapshot = live.finishSnapshot();
        budget.chargeSince(stepStarted[0]);
        return snapshot;
    }

    private List<Pending> takePending() {
        List<Pending> taken = pending;
        pending = new ArrayList<>();
        return taken;
    }

    /** Replays changes that arrived during the snapshot; only the opener is a member while opening. */
    private void replay(List<Pending> batch) {
        for (Pending change : batch) {
            deliver(live.apply(change.key(), change.value(), change.expiresAtMillis()), change.originId());
        }
    }

    /** A change as each member sends it: its projected value serialized once for all of them. */
    record Update(String key, RecordValue value, String changeType) {
    }

    private void deliver(List<Change> changes, long originId) {
        if (changes.isEmpty()) {
            return;
        }
        List<Update> updates = new ArrayList<>(changes.size());
        for (Change change : changes) {
            RecordValue projected = change.value() == null ? null : RecordValue.of(change.value());
            updates.add(new Update(change.key(), projected, change.type().name()));
        }
        boolean toWriter = live.updatesWriter();
        for (QuerySubscription member : members) {
            if (toWriter || member.session().id() != originId) {
                member.send(updates);
            }
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
}
