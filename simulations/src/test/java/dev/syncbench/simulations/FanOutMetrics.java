package dev.syncbench.simulations;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Client-side counts and microsecond timings of one fan-out run: the writers' ack round trips and
 * the write-to-subscriber delivery times, each an HdrHistogram fed from many threads.
 */
public final class FanOutMetrics {
    private final Recorder ackRoundTrips = new Recorder(3);
    private final Recorder deliveries = new Recorder(3);
    private final LongAdder sentBatches = new LongAdder();
    private final LongAdder ackedBatches = new LongAdder();
    private final LongAdder unsentBatches = new LongAdder();
    private final LongAdder authenticatedWriters = new LongAdder();
    private final LongAdder handshakesFinished = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final AtomicLong firstSendNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastWriteNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastEventNanos = new AtomicLong(Long.MIN_VALUE);
    private final ConcurrentHashMap<String, LongAdder> otherFrames = new ConcurrentHashMap<>();
    private Histogram ackHistogram;
    private Histogram deliveryHistogram;

    /** A batch was handed to an open socket. */
    public void sent(long nowNanos) {
        sentBatches.increment();
        firstSendNanos.accumulateAndGet(nowNanos, Math::min);
        lastWriteNanos.accumulateAndGet(nowNanos, Math::max);
    }

    /** A batch was built but its socket was already closed, so it never left. */
    public void notSent() {
        unsentBatches.increment();
    }

    public void acked(long nowNanos, long sentNanos) {
        ackedBatches.increment();
        ackRoundTrips.recordValue(Math.max(0, (nowNanos - sentNanos) / 1_000));
        lastWriteNanos.accumulateAndGet(nowNanos, Math::max);
    }

    /** A writer left its sending loop: the write window lasts at least until then. */
    public void writerDone(long nowNanos) {
        lastWriteNanos.accumulateAndGet(nowNanos, Math::max);
    }

    /** A SERVER_EVENT reached a subscriber; {@code sendNanos} is the writer's send time it carries. */
    public void delivered(long nowNanos, long sendNanos) {
        events.increment();
        deliveries.recordValue(Math.max(0, (nowNanos - sendNanos) / 1_000));
        lastEventNanos.accumulateAndGet(nowNanos, Math::max);
    }

    /** A frame nobody expected (an ERROR, say), by description. */
    public void otherFrame(String description) {
        otherFrames.computeIfAbsent(description, d -> new LongAdder()).increment();
    }

    public Map<String, Long> otherFrames() {
        Map<String, Long> counts = new TreeMap<>();
        otherFrames.forEach((description, count) -> counts.put(description, count.sum()));
        return counts;
    }

    public void handshakeFinished(boolean authenticated) {
        handshakesFinished.increment();
        if (authenticated) {
            authenticatedWriters.increment();
        }
    }

    public long handshakesFinished() {
        return handshakesFinished.sum();
    }

    /** Freezes the histograms; call once, after the load and the drain. */
    public synchronized void finish() {
        if (ackHistogram == null) {
            ackHistogram = ackRoundTrips.getIntervalHistogram();
            deliveryHistogram = deliveries.getIntervalHistogram();
        }
    }

    public Histogram ackHistogram() {
        finish();
        return ackHistogram;
    }

    public Histogram deliveryHistogram() {
        finish();
        return deliveryHistogram;
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
        return authenticatedWriters.sum();
    }

    public long events() {
        return events.sum();
    }

    /** Seconds from the first send to the last send, ack or loop end; 0 when nothing was sent. */
    public double writeSeconds() {
        return seconds(firstSendNanos.get(), lastWriteNanos.get());
    }

    /** Seconds from the first send to the last event received; 0 when none was. */
    public double eventSeconds() {
        return seconds(firstSendNanos.get(), lastEventNanos.get());
    }

    private static double seconds(long first, long last) {
        return first == Long.MAX_VALUE || last <= first ? 0 : (last - first) / 1e9;
    }
}
