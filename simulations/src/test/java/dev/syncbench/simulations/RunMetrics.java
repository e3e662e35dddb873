package dev.syncbench.simulations;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Client-side counts and microsecond round trips of one run, shared by all virtual users.
 * Gatling's own timings are whole milliseconds; these are what the tables and µs gates use.
 */
public final class RunMetrics {
    private final Recorder ackRoundTrips = new Recorder(3);
    private final Recorder windowRoundTrips = new Recorder(3);
    private final LongAdder sentBatches = new LongAdder();
    private final LongAdder awaitedBatches = new LongAdder();
    private final LongAdder ackedBatches = new LongAdder();
    private final LongAdder unsentBatches = new LongAdder();
    private final LongAdder authenticatedConnections = new LongAdder();
    private final LongAdder handshakesFinished = new LongAdder();
    private final AtomicLong firstSendNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEventNanos = new AtomicLong(Long.MIN_VALUE);
    private final ConcurrentHashMap<String, LongAdder> otherFrames = new ConcurrentHashMap<>();
    private Histogram ackHistogram;
    private Histogram windowHistogram;

    /** A batch was handed to an open socket. */
    public void sent(long nowNanos, boolean awaited) {
        sentBatches.increment();
        if (awaited) {
            awaitedBatches.increment();
        }
        firstSendNanos.accumulateAndGet(nowNanos, Math::min);
        lastEventNanos.accumulateAndGet(nowNanos, Math::max);
    }

    /** A batch was built but its socket was already closed, so it never left. */
    public void notSent() {
        unsentBatches.increment();
    }

    /** The awaited ack arrived: its batch's round trip and, for a window, the window's. */
    public void acked(long nowNanos, long sentNanos, long windowStartNanos) {
        ackedBatches.increment();
        ackRoundTrips.recordValue(Math.max(0, (nowNanos - sentNanos) / 1_000));
        if (windowStartNanos != 0) {
            windowRoundTrips.recordValue(Math.max(0, (nowNanos - windowStartNanos) / 1_000));
        }
        lastEventNanos.accumulateAndGet(nowNanos, Math::max);
    }

    /** A frame that was neither the awaited ack nor another ack arrived (an ERROR, say). */
    public void otherFrame(String description) {
        otherFrames.computeIfAbsent(description, d -> new LongAdder()).increment();
    }

    /** Frames other than acks seen while awaiting one, by description. */
    public Map<String, Long> otherFrames() {
        Map<String, Long> counts = new TreeMap<>();
        otherFrames.forEach((description, count) -> counts.put(description, count.sum()));
        return counts;
    }

    /** A connection left its sending loop: the load window lasts at least until then. */
    public void loopEnded(long nowNanos) {
        lastEventNanos.accumulateAndGet(nowNanos, Math::max);
    }

    /** A connection finished its handshake, authenticated or not. */
    public void handshakeFinished(boolean authenticated) {
        handshakesFinished.increment();
        if (authenticated) {
            authenticatedConnections.increment();
        }
    }

    public long handshakesFinished() {
        return handshakesFinished.sum();
    }

    /** Freezes the histograms; call once, after the load. */
    public synchronized void finish() {
        if (ackHistogram == null) {
            ackHistogram = ackRoundTrips.getIntervalHistogram();
            windowHistogram = windowRoundTrips.getIntervalHistogram();
        }
    }

    public Histogram ackHistogram() {
        finish();
        return ackHistogram;
    }

    public Histogram windowHistogram() {
        finish();
        return windowHistogram;
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
        return authenticatedConnections.sum();
    }

    /** Seconds from the first send to the last send, ack or loop end; 0 when nothing was sent. */
    public double loadSeconds() {
        long first = firstSendNanos.get();
        long last = lastEventNanos.get();
        return first == Long.MAX_VALUE || last <= first ? 0 : (last - first) / 1e9;
    }
}
