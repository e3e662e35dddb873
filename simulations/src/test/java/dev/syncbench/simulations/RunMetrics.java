package dev.syncbench.simulations;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Client-side counts and microsecond round trips of one run, shared by all virtual users.
 * Gatling's own timings are whole milliseconds; these are what the tables and µs gates use.
 */
public final class RunMetrics {
    private final LatencyRecorder ackRoundTrips = new LatencyRecorder();
    private final LatencyRecorder windowRoundTrips = new LatencyRecorder();
    private final LongAdder sentBatches = new LongAdder();
    private final LongAdder awaitedBatches = new LongAdder();
    private final LongAdder ackedBatches = new LongAdder();
    private final LongAdder unsentBatches = new LongAdder();
    private final HandshakeCount handshakes = new HandshakeCount();
    private final TimeWindow load = new TimeWindow();
    private final FrameTally otherFrames = new FrameTally();

    /** A batch was handed to an open socket. */
    public void sent(long nowNanos, boolean awaited) {
        sentBatches.increment();
        if (awaited) {
            awaitedBatches.increment();
        }
        load.opened(nowNanos);
        load.reached(nowNanos);
    }

    /** A batch was built but its socket was already closed, so it never left. */
    public void notSent() {
        unsentBatches.increment();
    }

    /** The awaited ack arrived: its batch's round trip and, for a window, the window's. */
    public void acked(long nowNanos, long sentNanos, long windowStartNanos) {
        ackedBatches.increment();
        ackRoundTrips.record(nowNanos, sentNanos);
        if (windowStartNanos != 0) {
            windowRoundTrips.record(nowNanos, windowStartNanos);
        }
        load.reached(nowNanos);
    }

    /** A frame that was neither the awaited ack nor another ack arrived (an ERROR, say). */
    public void otherFrame(String description) {
        otherFrames.add(description);
    }

    /** Frames other than acks seen while awaiting one, by description. */
    public Map<String, Long> otherFrames() {
        return otherFrames.counts();
    }

    /** A connection left its sending loop: the load window lasts at least until then. */
    public void loopEnded(long nowNanos) {
        load.reached(nowNanos);
    }

    /** Connections that finished their handshake, authenticated or not. */
    public HandshakeCount handshakes() {
        return handshakes;
    }

    /** Freezes the histograms; call once, after the load. */
    public void finish() {
        ackRoundTrips.histogram();
        windowRoundTrips.histogram();
    }

    public Histogram ackHistogram() {
        finish();
        return ackRoundTrips.histogram();
    }

    public Histogram windowHistogram() {
        finish();
        return windowRoundTrips.histogram();
    }

    public long sentBatches() {
        return sentBatches.sum();
    }

    public long awaitedBatches() {
        return awaitedBatches.sum();
    }

    public long ackedBatches() {
        return ackedBatches.sum();
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

    /** Seconds from the first send to the last send, ack or loop end; 0 when nothing was sent. */
    public double loadSeconds() {
        return load.seconds();
    }
}
