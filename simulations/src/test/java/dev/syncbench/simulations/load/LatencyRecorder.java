package dev.syncbench.simulations.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Microsecond timings fed from many threads, frozen into one histogram when first read. */
public final class LatencyRecorder {
    private final Recorder recorder = new Recorder(3);
    private Histogram frozen;

    public void record(long nowNanos, long sinceNanos) {
        recorder.recordValue(Math.max(0, (nowNanos - sinceNanos) / 1_000));
    }

    void recordMicros(long micros) {
        recorder.recordValue(Math.max(0, micros));
    }

    /** Everything recorded so far; later records are not seen, so read it after the load. */
    public synchronized Histogram histogram() {
        if (frozen == null) {
            frozen = recorder.getIntervalHistogram();
        }
        return frozen;
    }
}
