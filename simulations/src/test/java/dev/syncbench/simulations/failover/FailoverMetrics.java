package dev.syncbench.simulations.failover;

import dev.syncbench.simulations.load.FrameTally;
import dev.syncbench.simulations.load.UnitLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the failover's writers saw, shared by all of them: batches acknowledged, failed (an ERROR,
 * a rejected op, no answer in time, the socket gone) by reason, reconnects, and for each writer that
 * lost its connection how long it took from the loss to its next acknowledged batch. Round trips in µs.
 */
public final class FailoverMetrics {
    private final Histogram roundTrips = new ConcurrentHistogram(3);
    private final LongAdder sentBatches = new LongAdder();
    private final LongAdder ackedBatches = new LongAdder();
    private final LongAdder failedBatches = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder mapPushes = new LongAdder();
    private final FrameTally failures = new FrameTally();
    private final FrameTally failuresBySecond = new FrameTally();
    private final List<Long> recoveryMicros = new ArrayList<>();
    private final AtomicLong lostConnections = new AtomicLong();
    private final AtomicLong lossEpisodes = new AtomicLong();
    private final AtomicLong firstSendNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAckNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile UnitLog log = UnitLog.NONE;

    void sent(long nowNanos) {
        sentBatches.increment();
        firstSendNanos.accumulateAndGet(nowNanos, Math::min);
    }

    /** Where each batch also goes, as a Gatling request (OK or KO with its reason). */
    public void logTo(UnitLog unitLog) {
        this.log = unitLog;
    }

    void acked(long sentMillis, long roundTripNanos, long nowNanos) {
        ackedBatches.increment();
        long micros = Math.max(0, roundTripNanos / 1_000);
        roundTrips.recordValue(micros);
        lastAckNanos.accumulateAndGet(nowNanos, Math::max);
        log.ended(sentMillis, micros, true, null);
    }

    /** A batch failed at {@code nowNanos} for {@code reason}; failures are also counted by second of the run. */
    void failedAt(long sentMillis, long roundTripNanos, long nowNanos, String reason) {
        log.ended(sentMillis, Math.max(0, roundTripNanos / 1_000), false, reason);
        failedBatches.increment();
        failures.add(reason);
        long first = firstSendNanos.get();
        long second = first == Long.MAX_VALUE ? 0 : Math.max(0, (nowNanos - first) / 1_000_000_000L);
        failuresBySecond.add(String.format(Locale.ROOT, "%04d s: %s", second, reason));
    }

    void connectionLost() {
        lostConnections.incrementAndGet();
    }

    /** A writer that was writing lost its way to the cluster (it recovers at its next acknowledgement). */
    void lossStarted() {
        lossEpisodes.incrementAndGet();
    }

    void reconnected() {
        reconnects.increment();
    }

    void connectFailed() {
        connectFailures.increment();
    }

    void mapPushed() {
        mapPushes.increment();
    }

    /** A writer whose connection was lost got its first acknowledgement again, {@code micros} after the loss. */
    synchronized void recovered(long micros) {
        recoveryMicros.add(micros);
    }

    public Histogram roundTrips() {
        return roundTrips;
    }

    public long sentBatches() {
        return sentBatches.sum();
    }

    public long ackedBatches() {
        return ackedBatches.sum();
    }

    /** Batches answered with an ERROR or a rejection, or unanswered in time, or whose socket went away. */
    public long failedBatches() {
        return failedBatches.sum();
    }

    public Map<String, Long> failuresByReason() {
        return failures.counts();
    }

    /** Failures counted by the second of the run they ended in and their reason ("0010 s: connection lost"). */
    public Map<String, Long> failuresBySecond() {
        return failuresBySecond.counts();
    }

    public long reconnects() {
        return reconnects.sum();
    }

    public long connectFailures() {
        return connectFailures.sum();
    }

    /** PARTITION_MAP frames the members pushed to the writers (one per change each saw). */
    public long mapPushes() {
        return mapPushes.sum();
    }

    /** Connections lost (closed by the server's death, or abandoned after a batch went unanswered). */
    public long lostConnections() {
        return lostConnections.get();
    }

    /** How many times a writer lost its way to the cluster; each should end in a {@link #recoveryMicros} entry. */
    public long lossEpisodes() {
        return lossEpisodes.get();
    }

    /** Loss-to-next-ack times of the writers that lost their connection, in µs, in the order they recovered. */
    public synchronized List<Long> recoveryMicros() {
        return List.copyOf(new ArrayList<>(recoveryMicros));
    }

    /** From the first send to the last acknowledgement, in s. */
    public double seconds() {
        long first = firstSendNanos.get();
        long last = lastAckNanos.get();
        return first == Long.MAX_VALUE || last == Long.MIN_VALUE ? 0 : (last - first) / 1e9;
    }
}
