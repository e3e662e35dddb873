package dev.syncbench.simulations.fanout;

import dev.syncbench.simulations.load.FrameTally;
import dev.syncbench.simulations.load.LatencyRecorder;
import dev.syncbench.simulations.load.TimeWindow;
import dev.syncbench.simulations.wire.HandshakeCount;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Client-side counts and microsecond timings of one fan-out run: the writers' ack round trips and
 * the write-to-subscriber delivery times, each an HdrHistogram fed from many threads.
 */
public final class FanOutMetrics {
    private final LatencyRecorder ackRoundTrips = new LatencyRecorder();
    private final LatencyRecorder deliveries = new LatencyRecorder();
    private final LongAdder sentBatches = new LongAdder();
    private final LongAdder ackedBatches = new LongAdder();
    private final LongAdder unsentBatches = new LongAdder();
    private final HandshakeCount handshakes = new HandshakeCount();
    private final LongAdder events = new LongAdder();
    /** Both windows start at the first send: events are timed from the writes that cause them. */
    private final TimeWindow writes = new TimeWindow();
    private final TimeWindow eventWindow = new TimeWindow();
    private final FrameTally otherFrames = new FrameTally();

    /** A batch was handed to an open socket. */
    public void sent(long nowNanos) {
        sentBatches.increment();
        writes.opened(nowNanos);
        writes.reached(nowNanos);
        eventWindow.opened(nowNanos);
    }

    /** A batch was built but its socket was already closed, so it never left. */
    public void notSent() {
        unsentBatches.increment();
    }

    public void acked(long nowNanos, long sentNanos) {
        ackedBatches.increment();
        ackRoundTrips.record(nowNanos, sentNanos);
        writes.reached(nowNanos);
    }

    /** A writer left its sending loop: the write window lasts at least until then. */
    public void writerDone(long nowNanos) {
        writes.reached(nowNanos);
    }

    /** A SERVER_EVENT reached a subscriber; {@code sendNanos} is the writer's send time it carries. */
    public void delivered(long nowNanos, long sendNanos) {
        events.increment();
        deliveries.record(nowNanos, sendNanos);
        eventWindow.reached(nowNanos);
    }

    /** A frame nobody expected (an ERROR, say), by description. */
    public void otherFrame(String description) {
        otherFrames.add(description);
    }

    public Map<String, Long> otherFrames() {
        return otherFrames.counts();
    }

    /** Writers that finished their handshake, authenticated or not. */
    public HandshakeCount handshakes() {
        return handshakes;
    }

    /** Freezes the histograms; call once, after the load and the drain. */
    public void finish() {
        ackRoundTrips.histogram();
        deliveries.histogram();
    }

    public Histogram ackHistogram() {
        finish();
        return ackRoundTrips.histogram();
    }

    public Histogram deliveryHistogram() {
        finish();
        return deliveries.histogram();
    }

    public long sentBatches() {
        return sentBatches.sum();
    }

    public long ackedBatches() {
        return ackedBatches.sum();
    }

    public long unsentBatches() {
        return unsentBatches.sum();
    }

    public long authenticatedWriters() {
        return handshakes.authenticated();
    }

    public long events() {
        return events.sum();
    }

    /** Seconds from the first send to the last send, ack or loop end; 0 when nothing was sent. */
    public double writeSeconds() {
        return writes.seconds();
    }

    /** Seconds from the first send to the last event received; 0 when none was. */
    public double eventSeconds() {
        return eventWindow.seconds();
    }
}
