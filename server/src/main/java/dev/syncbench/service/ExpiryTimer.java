package dev.syncbench.service;

import java.time.Clock;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Calls a live query back when its soonest row expires, so TTL expiry drives LEAVE (and top-N
 * refills) without scanning records: each live result keeps at most one pending deadline, its
 * earliest, and only results with expiring rows have one. One daemon thread, started with
 * the first deadline, runs every callback; callbacks only queue frames.
 */
final class ExpiryTimer implements AutoCloseable {
    private final Clock clock;
    /** Starts its thread with the first task. */
    private final ScheduledThreadPoolExecutor executor =
            new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("query-expiry").factory());

    ExpiryTimer(Clock clock) {
        this.clock = clock;
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Calls {@code result.expire(now)} once the clock reaches {@code atMillis}. */
    Future<?> schedule(LiveResult result, long atMillis) {
        long delay = Math.max(0, atMillis - clock.millis());
        return executor.schedule(() -> result.expire(clock.millis()), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
