package dev.syncbench.service;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * How much query work one user may make the server do: the time spent scanning maps for
 * snapshots and evaluating the user's live queries against writes, as a token bucket of
 * nanoseconds that refills at {@code ratePerSecond} up to {@code burst}.
 *
 * <p>Work is charged after it is done, since one evaluation cannot be stopped half way, so the
 * balance may go below zero (a snapshot scan is charged in steps and stops at the first step that
 * leaves it there); while it is, the user's new queries are refused and its live queries
 * are ended, each with ERROR 429. On average a user then costs the server at most its rate, so
 * one client's expensive queries cannot take the cores its neighbours' writes need.
 *
 * <p>Work is timed by the CPU time of the thread doing it (the work clock), never by more than
 * the wall time it took: on a loaded machine the OS takes threads off their cores for milliseconds
 * at a time, and charging that wait would end cheap queries for work they never made.
 */
final class QueryBudget {
    /** The default share of one core a user's query work may take: 100 ms per second. */
    static final long DEFAULT_RATE_NANOS_PER_SECOND = 100_000_000L;
    /**
     * The default burst: 100 ms of work before the rate applies. Kept short because a burst takes a
     * whole core from the neighbours' writes while it lasts (a 1 s burst raised a neighbouring
     * fire-and-wait load's p99 several-fold on 2 cores).
     */
    static final long DEFAULT_BURST_NANOS = 100_000_000L;

    private final long ratePerSecond;
    private final long burst;
    private final LongSupplier nanoTime;
    private final LongSupplier workClock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. */
    private long balance;
    /** Guarded by lock. */
    private long refilledAt;

    /** Where a piece of work started, on the work clock and the wall clock. */
    record WorkStart(long work, long wall) {
    }

    /** A budget whose work is timed by the wall clock {@code nanoTime} itself. */
    QueryBudget(long ratePerSecond, long burst, LongSupplier nanoTime) {
        this(ratePerSecond, burst, nanoTime, nanoTime);
    }

    /** A budget refilled by {@code nanoTime} whose work is timed by {@code workClock}, such as a thread CPU clock. */
    QueryBudget(long ratePerSecond, long burst, LongSupplier nanoTime, LongSupplier workClock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.workClock = workClock;
        this.balance = burst;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Starts timing a piece of work, for {@link #spentSince} or {@link #chargeSince}. */
    WorkStart startWork() {
        return new WorkStart(workClock.getAsLong(), nanoTime.getAsLong());
    }

    /**
     * The work done since {@code start}: its work-clock time, clamped to the wall time it took (a
     * virtual thread that blocked may have resumed on another OS thread, whose clock is another).
     */
    long spentSince(WorkStart start) {
        long wall = nanoTime.getAsLong() - start.wall();
        long work = workClock.getAsLong() - start.work();
        return Math.max(0, Math.min(work, wall));
    }

    /** Charges the work done since {@code start}. */
    void chargeSince(WorkStart start) {
        charge(spentSince(start));
    }

    /** Takes work already done off the balance. */
    void charge(long nanos) {
        lock.lock();
        try {
            refill();
            balance -= Math.max(0, nanos);
        } finally {
            lock.unlock();
        }
    }

    /** True while the balance is below zero: the user has used more than its share. */
    boolean exhausted() {
        lock.lock();
        try {
            refill();
            return balance < 0;
        } finally {
            lock.unlock();
        }
    }

    /** True when the balance is full again, so forgetting this budget forgives nothing. */
    boolean full() {
        lock.lock();
        try {
            refill();
            return balance >= burst;
        } finally {
            lock.unlock();
        }
    }

    /** How long until the balance is back at zero, in milliseconds (0 when it is not below). */
    long millisUntilUsable() {
        lock.lock();
        try {
            refill();
            return balance >= 0 ? 0 : Math.ceilDiv(-balance * 1000, ratePerSecond);
        } finally {
            lock.unlock();
        }
    }

    /** A short description for errors: "100 ms of query work per second (burst 1000 ms)". */
    String describe() {
        return ratePerSecond / 1_000_000 + " ms of query work per second (burst " + burst / 1_000_000 + " ms)";
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            // in double, so a long idle time cannot overflow; the bucket caps it anyway
            long earned = (long) Math.min((double) Long.MAX_VALUE / 4, elapsed / 1e9 * ratePerSecond);
            balance = Math.min(burst, balance + earned);
            refilledAt = now;
        }
    }
}
