package dev.syncbench.simulations.soak;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The soak's client-side figures: write round trips in µs, read per sample interval (the p99
 * series) and folded into the whole run's histogram, and the counts of writes sent, acknowledged
 * and failed. Many Gatling users record at once: a {@link Recorder} never blocks them.
 */
public final class SoakMetrics {
    private static final long MAX_US = TimeUnit.MINUTES.toMicros(1);

    private final Recorder writes = new Recorder(MAX_US, 3);
    private final Histogram total = new Histogram(MAX_US, 3);
    private final LongAdder sentBatches = new LongAdder();
    private final LongAdder ackedBatches = new LongAdder();
    private final LongAdder failedBatches = new LongAdder();

    void sent() {
        sentBatches.increment();
    }

    void acked(long latencyNanos) {
        ackedBatches.increment();
        writes.recordValue(Math.min(MAX_US, Math.max(0, latencyNanos / 1_000)));
    }

    void failed() {
        failedBatches.increment();
    }

    /** The write p99 since the previous call, in µs (-1 when no write ended meanwhile). */
    public synchronized long intervalP99Us() {
        Histogram interval = writes.getIntervalHistogram();
        total.add(interval);
        return interval.getTotalCount() == 0 ? -1 : interval.getValueAtPercentile(99);
    }

    /** Every write round trip of the run so far. */
    public synchronized Histogram writeHistogram() {
        total.add(writes.getIntervalHistogram());
        return total.copy();
    }

    public long sentBatches() {
        return sentBatches.sum();
    }

    public long ackedBatches() {
        return ackedBatches.sum();
    }

    public long failedBatches() {
        return failedBatches.sum();
    }
}
