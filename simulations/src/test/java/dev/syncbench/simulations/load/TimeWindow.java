package dev.syncbench.simulations.load;

import java.util.concurrent.atomic.AtomicLong;

/** The span from the earliest to the latest of the instants reported to it, from many threads. */
public final class TimeWindow {
    private final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);

    /** The window starts no later than {@code nowNanos}. */
    public void opened(long nowNanos) {
        firstNanos.accumulateAndGet(nowNanos, Math::min);
    }

    /** The window lasts at least until {@code nowNanos}. */
    public void reached(long nowNanos) {
        lastNanos.accumulateAndGet(nowNanos, Math::max);
    }

    /** The first instant reported ({@link System#nanoTime()}), or {@link Long#MAX_VALUE} when none was. */
    public long startNanos() {
        return firstNanos.get();
    }

    /** The last instant reported, or {@link Long#MIN_VALUE} when none was. */
    public long endNanos() {
        return lastNanos.get();
    }

    /** Seconds from the start to the end; 0 when it never opened or ended no later than it started. */
    public double seconds() {
        long first = firstNanos.get();
        long last = lastNanos.get();
        return first == Long.MAX_VALUE || last <= first ? 0 : (last - first) / 1e9;
    }
}
