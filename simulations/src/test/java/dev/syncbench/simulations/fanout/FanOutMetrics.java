package dev.syncbench.simulations.fanout;

import dev.syncbench.simulations.load.FrameTally;
import dev.syncbench.simulations.load.LatencyRecorder;
import dev.syncbench.simulations.load.TimeWindow;
import dev.syncbench.simulations.wire.HandshakeCount;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Client-side counts and microsecond timings of one fan-out run: the writers' ack round trips and
 * the write-to-subscriber delivery times, each an HdrHistogram fed from many threads. Writes sent in
 * the warm-up enter no rate and no histogram, as in the other simulations; they still count
 * towards what every subscriber must receive.
 */
public final class FanOutMetrics {
    private final LatencyRecorder ackRoundTrips = new LatencyRecorder();
    private final LatencyRecorder deliveries = new LatencyRecorder();
    private final LongAdder sentBatches = new LongAdder();
    private final LongAdder ackedBatches = new LongAdder();
    private final LongAdder measuredAckedBatches = new LongAdder();
    private final LongAdder measuredEvents = new LongAdder();
    private final AtomicLong measuredFromNanos = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder unsentBatches = new LongAdder();
    private final HandshakeCount handshakes = new HandshakeCount();
    private final LongAdder events = new LongAdder();
    /** Both windows start at the first measured send: events are timed from the writes that cause them. */
    private final TimeWindow writes = new TimeWindow();
    private final TimeWindow eventWindow = new TimeWindow();
    private final FrameTally otherFrames = new FrameTally();

    /** The warm-up ends {@code warmupNanos} after the first call; later calls change nothing. */
    public long startMeasuring(long nowNanos, long warmupNanos) {
        measuredFromNanos.compareAndSet(Long.MIN_VALUE, nowNanos + warmupNanos);
        return measuredFromNanos.get();
    }

    /** Whether a write sent at {@code sentNanos} is measured (not warm-up). */
    private boolean isMeasured(long sentNanos) {
        long from = measuredFromNanos.get();
        return from == Long.MIN_VALUE || sentNanos - from >= 0;
    }

    /** A batch was handed to an open socket. */
    public void sent(long nowNanos) {
        sentBatches.increment();
        if (isMeasured(nowNanos)) {
            writes.opened(nowNanos);
            writes.reached(nowNanos);
            eventWindow.opened(nowNanos);
        }
    }

    /** A batch was built but its socket was already closed, so it never left. */
    public void notSent() {
        unsentBatches.increment();
    }

    public void acked(long nowNanos, long sentNanos) {
        ackedBatches.increment();
        if (isMeasured(sentNanos)) {
            measuredAckedBatches.increment();
            ackRoundTrips.record(nowNanos, sentNanos);
            writes.reached(nowNanos);
        }
    }

    /** A writer left its sending loop: the write window lasts at least until then. */
    public void writerDone(long nowNanos) {
        writes.reached(nowNanos);
    }

    /** A SERVER_EVENT reached a subscriber; {@code sendNanos} is the writer's send time it carries. */
    public void delivered(long nowNanos, long sendNanos) {
        events.increment();
        if (isMeasured(sendNanos)) {
            measuredEvents.increment();
            deliveries.record(nowNanos, sendNanos);
            eventWindow.reached(nowNanos);
        }
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

    /** Acknowledged batches sent after the warm-up. */
    public long measuredAckedBatches() {
        return measuredAckedBatches.sum();
    }

    /** Events of writes sent after the warm-up. */
    public long measuredEvents() {
        return measuredEvents.sum();
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

    /** Seconds from the first measured send to the last measured send, ack or loop end; 0 when none was sent. */
    public double writeSeconds() {
        return writes.seconds();
    }

    /** Seconds from the first measured send to the last event of a measured write; 0 when none arrived. */
    public double eventSeconds() {
        return eventWindow.seconds();
    }
}
