package dev.syncbench.simulations.load;

import dev.syncbench.simulations.wire.HandshakeCount;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Client-side counts and microsecond round trips of one run, shared by all virtual users. Each
 * batch is counted once, when it ends (confirmed, partly rejected, answered with an ERROR, or
 * timed out); each window likewise. Batches and windows that started during the warm-up are
 * counted apart ({@link #warmup()}) and enter no figure but "nothing lost". Gatling's own timings
 * are whole milliseconds; these are what the tables and µs gates use.
 */
public final class RunMetrics {
    private final LatencyRecorder batchRoundTrips = new LatencyRecorder();
    private final LatencyRecorder windowRoundTrips = new LatencyRecorder();
    private final Tally measured = new Tally();
    private final Tally warmup = new Tally();
    private final LongAdder unsentBatches = new LongAdder();
    private final LongAdder lateAnswers = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final HandshakeCount handshakes = new HandshakeCount();
    private final TimeWindow load = new TimeWindow();
    private final FrameTally otherFrames = new FrameTally();
    private final FrameTally batchErrors = new FrameTally();
    private final FrameTally errors = new FrameTally();
    private final ConfirmedSample confirmedSample = new ConfirmedSample();
    private final LatencyRecorder unitMillis = new LatencyRecorder();
    private final AtomicLong measuredFromNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile WindowObserver windowObserver = (startNanos, latencyUs) -> { };

    /** Sees each measured window as it ends: when it started and how long it took. */
    public interface WindowObserver {
        void ended(long startNanos, long latencyUs);
    }

    /** Hands every measured window to {@code observer} too (the abuse run splits them by phase). */
    public void observeWindows(WindowObserver observer) {
        this.windowObserver = observer;
    }

    /** When the warm-up ends ({@link System#nanoTime()}); {@link Long#MIN_VALUE} until the first connection starts. */
    public long measuredFromNanos() {
        return measuredFromNanos.get();
    }

    /** Counts of one phase (warm-up or measured). */
    public static final class Tally {
        private final LongAdder sentBatches = new LongAdder();
        private final LongAdder sentOps = new LongAdder();
        private final LongAdder confirmedBatches = new LongAdder();
        private final LongAdder confirmedOps = new LongAdder();
        private final LongAdder rejectedOps = new LongAdder();
        private final LongAdder rejectingBatches = new LongAdder();
        private final LongAdder erroredBatches = new LongAdder();
        private final LongAdder timedOutBatches = new LongAdder();
        private final LongAdder timedOutOps = new LongAdder();
        private final LongAdder windows = new LongAdder();
        private final LongAdder confirmedWindows = new LongAdder();
        private final LongAdder timedOutWindows = new LongAdder();

        public long sentBatches() { return sentBatches.sum(); }
        public long sentOps() { return sentOps.sum(); }
        public long confirmedBatches() { return confirmedBatches.sum(); }
        /** Ops the server acknowledged and did not reject: what the clients were told is applied. */
        public long confirmedOps() { return confirmedOps.sum(); }
        public long rejectedOps() { return rejectedOps.sum(); }
        public long rejectingBatches() { return rejectingBatches.sum(); }
        /** Batches answered with an ERROR tied to them (ordered targets only). */
        public long erroredBatches() { return erroredBatches.sum(); }
        public long timedOutBatches() { return timedOutBatches.sum(); }
        public long timedOutOps() { return timedOutOps.sum(); }
        /** Windows (fire-and-wait: batches) that ended, whatever their outcome. */
        public long windows() { return windows.sum(); }
        public long confirmedWindows() { return confirmedWindows.sum(); }
        public long timedOutWindows() { return timedOutWindows.sum(); }
    }

    /** The warm-up ends {@code warmupNanos} after the first call; later calls change nothing. */
    public long startMeasuring(long nowNanos, long warmupNanos) {
        measuredFromNanos.compareAndSet(Long.MIN_VALUE, nowNanos + warmupNanos);
        return measuredFromNanos.get();
    }

    /** Whether a batch or window started at {@code startNanos} is measured (not warm-up). */
    public boolean isMeasured(long startNanos) {
        long from = measuredFromNanos.get();
        return from == Long.MIN_VALUE || startNanos - from >= 0;
    }

    /** A batch was handed to an open socket. */
    public void sent(long startNanos, int ops, boolean isMeasured) {
        Tally tally = isMeasured ? measured : warmup;
        tally.sentBatches.increment();
        tally.sentOps.add(ops);
        if (isMeasured) {
            load.opened(startNanos);
        }
    }

    /** A batch was built but its socket was already closed, so it never left. */
    public void notSent() {
        unsentBatches.increment();
    }

    /** A batch ended: answered ({@code endNanos} = the answer's arrival) or timed out (= when the wait ended). */
    public void batchEnded(Connection.Outcome outcome, long startNanos, long endNanos, int ops, int failedOps,
                           boolean isMeasured) {
        Tally tally = isMeasured ? measured : warmup;
        switch (outcome) {
            case CONFIRMED -> {
                tally.confirmedBatches.increment();
                tally.confirmedOps.add(ops);
            }
            case REJECTED_OPS -> {
                tally.rejectingBatches.increment();
                tally.rejectedOps.add(failedOps);
                tally.confirmedOps.add(ops - failedOps);
            }
            case ERROR -> tally.erroredBatches.increment();
            case TIMED_OUT -> {
                tally.timedOutBatches.increment();
                tally.timedOutOps.add(ops);
            }
        }
        if (!isMeasured) {
            return;
        }
        batchRoundTrips.record(endNanos, startNanos);
        if (outcome == Connection.Outcome.CONFIRMED || outcome == Connection.Outcome.REJECTED_OPS) {
            load.reached(endNanos);
        }
    }

    /** A window ended; its latency runs from its first send to its last answer or the end of the wait. */
    public void windowEnded(boolean confirmed, boolean timedOut, long startNanos, long latencyUs,
                            boolean isMeasured) {
        Tally tally = isMeasured ? measured : warmup;
        tally.windows.increment();
        if (confirmed) {
            tally.confirmedWindows.increment();
        }
        if (timedOut) {
            tally.timedOutWindows.increment();
        }
        if (isMeasured) {
            windowRoundTrips.recordMicros(latencyUs);
            unitMillis.recordMicros(GatlingUnitLog.millisRoundedUp(latencyUs));
            windowObserver.ended(startNanos, latencyUs);
        }
    }

    /** A batch was confirmed in full: a few are kept, to check their values in the store. */
    public void confirmedBatch(long connection, long firstSeq, int ops) {
        confirmedSample.offer(connection, firstSeq, ops);
    }

    public ConfirmedSample confirmedSample() {
        return confirmedSample;
    }

    /** Every unit's round trip in whole ms rounded up: exactly what Gatling's statistics received. */
    public Histogram unitMillisHistogram() {
        return unitMillis.histogram();
    }

    /** An ERROR that could not be tied to a batch (the target does not promise order, or nothing was pending). */
    public void unattributedError(String description) {
        errors.add(description);
    }

    /** An ERROR tied to a batch, by description ("ERROR 429 ..."), so a run can show what refused its batches. */
    public void batchError(String description) {
        batchErrors.add(description);
    }

    public Map<String, Long> batchErrors() {
        return batchErrors.counts();
    }

    /** A frame that is no answer to any batch (or an answer naming none), by description. */
    public void unexpected(String description) {
        otherFrames.add(description);
    }

    /** An OP_ACK for a batch that had already timed out. */
    public void lateAnswer() {
        lateAnswers.increment();
    }

    /** An OP_ACK overtook the answer to an earlier batch on a target said to answer in order. */
    public void outOfOrder() {
        outOfOrder.increment();
    }

    public Map<String, Long> otherFrames() {
        return otherFrames.counts();
    }

    public Map<String, Long> unattributedErrors() {
        return errors.counts();
    }

    public long lateAnswers() {
        return lateAnswers.sum();
    }

    public long outOfOrderAnswers() {
        return outOfOrder.sum();
    }

    /** Connections that finished their handshake, authenticated or not. */
    public HandshakeCount handshakes() {
        return handshakes;
    }

    public Tally measured() {
        return measured;
    }

    public Tally warmup() {
        return warmup;
    }

    /** Every batch's round trip, its own send to its own answer (timeouts at the time waited). */
    public Histogram batchHistogram() {
        return batchRoundTrips.histogram();
    }

    /** Every window's round trip, first send to last answer (timeouts at the time waited). */
    public Histogram windowHistogram() {
        return windowRoundTrips.histogram();
    }

    public long unsentBatches() {
        return unsentBatches.sum();
    }

    public long authenticatedConnections() {
        return handshakes.authenticated();
    }

    /** Where the load window starts and ends ({@link System#nanoTime()}), for reading CPU over it. */
    public long loadStartNanos() {
        return load.startNanos();
    }

    public long loadEndNanos() {
        return load.endNanos();
    }

    /** Seconds from the first measured send to the last confirmation; 0 when nothing was confirmed. */
    public double loadSeconds() {
        return load.seconds();
    }
}
