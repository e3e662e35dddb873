package dev.syncbench.simulations.search;

import dev.syncbench.simulations.load.FrameTally;
import dev.syncbench.simulations.load.LatencyRecorder;
import dev.syncbench.simulations.load.TimeWindow;
import dev.syncbench.simulations.wire.HandshakeCount;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Client-side counts and microsecond timings of one search run: search round trips (SEARCH to
 * SEARCH_RESP), write-to-subscriber delivery times (OP_BATCH sent to the ENTER naming a key), and
 * the writers' ack round trips, each an HdrHistogram fed from many threads.
 */
public final class SearchMetrics {
    private final LatencyRecorder searches = new LatencyRecorder();
    private final LatencyRecorder deliveries = new LatencyRecorder();
    private final LatencyRecorder ackRoundTrips = new LatencyRecorder();
    private final LongAdder searchesSent = new LongAdder();
    private final LongAdder searchesAnswered = new LongAdder();
    private final LongAdder searchesEmpty = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final FrameTally searchErrors = new FrameTally();
    private final LongAdder sentBatches = new LongAdder();
    private final LongAdder ackedBatches = new LongAdder();
    private final LongAdder unsentBatches = new LongAdder();
    private final HandshakeCount handshakes = new HandshakeCount();
    private final TimeWindow searchWindow = new TimeWindow();
    private final TimeWindow writeWindow = new TimeWindow();
    private final FrameTally otherFrames = new FrameTally();

    public void searchSent(long nowNanos) {
        searchesSent.increment();
        searchWindow.opened(nowNanos);
    }

    /** A SEARCH_RESP answered the search sent at {@code sentNanos} with {@code hitCount} hits. */
    public void searchAnswered(long nowNanos, long sentNanos, int hitCount) {
        searchesAnswered.increment();
        hits.add(hitCount);
        if (hitCount == 0) {
            searchesEmpty.increment();
        }
        searches.record(nowNanos, sentNanos);
        searchWindow.reached(nowNanos);
    }

    /** An ERROR answered a search. */
    public void searchFailed(String description) {
        searchErrors.add(description);
    }

    /** A batch was handed to an open socket. */
    public void batchSent(long nowNanos) {
        sentBatches.increment();
        writeWindow.opened(nowNanos);
        writeWindow.reached(nowNanos);
    }

    /** A batch was built but its socket was already closed, so it never left. */
    public void batchNotSent() {
        unsentBatches.increment();
    }

    public void batchAcked(long nowNanos, long sentNanos) {
        ackedBatches.increment();
        ackRoundTrips.record(nowNanos, sentNanos);
        writeWindow.reached(nowNanos);
    }

    /** A writer left its sending loop: the write window lasts at least until then. */
    public void writerDone(long nowNanos) {
        writeWindow.reached(nowNanos);
    }

    /** A subscriber first learnt of a matching write, sent at {@code sendNanos}. */
    public void delivered(long nowNanos, long sendNanos) {
        deliveries.record(nowNanos, sendNanos);
    }

    /** A frame nobody expected, by description. */
    public void otherFrame(String description) {
        otherFrames.add(description);
    }

    public Map<String, Long> otherFrames() {
        return otherFrames.counts();
    }

    public Map<String, Long> searchErrors() {
        return searchErrors.counts();
    }

    public HandshakeCount handshakes() {
        return handshakes;
    }

    public Histogram searchHistogram() {
        return searches.histogram();
    }

    public Histogram deliveryHistogram() {
        return deliveries.histogram();
    }

    public Histogram ackHistogram() {
        return ackRoundTrips.histogram();
    }

    public long searchesSent() {
        return searchesSent.sum();
    }

    public long searchesAnswered() {
        return searchesAnswered.sum();
    }

    /** Searches answered with no hit, though every term was in an acknowledged write. */
    public long searchesEmpty() {
        return searchesEmpty.sum();
    }

    public long hits() {
        return hits.sum();
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

    /** Seconds from the first search sent to the last answer; 0 when none was answered. */
    public double searchSeconds() {
        return searchWindow.seconds();
    }

    /** When the first batch was sent ({@link System#nanoTime()}), {@link Long#MAX_VALUE} when none was. */
    public long writeStartNanos() {
        return writeWindow.startNanos();
    }

    /** When the last batch was sent or acknowledged, or a writer left its loop. */
    public long writeEndNanos() {
        return writeWindow.endNanos();
    }

    /** Seconds from the first batch sent to the last send, ack or loop end. */
    public double writeSeconds() {
        return writeWindow.seconds();
    }
}
