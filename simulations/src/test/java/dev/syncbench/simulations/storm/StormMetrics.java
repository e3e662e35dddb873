package dev.syncbench.simulations.storm;

import dev.syncbench.simulations.load.FrameTally;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the storm's users measured, from many threads: each accepted handshake (WebSocket upgrade
 * to AUTH_ACK) with its latency in µs, each cycle that failed with the step and the reason, and
 * the frame each user last received in place of the one it awaited, so a failure can name it.
 */
public final class StormMetrics {
    private static final long HIGHEST_US = TimeUnit.MINUTES.toMicros(1);

    private final Recorder handshakes = new Recorder(HIGHEST_US, 3);
    private final LongAdder accepted = new LongAdder();
    private final LongAdder cycles = new LongAdder();
    private final FrameTally failedHandshakes = new FrameTally();
    private final FrameTally failedAfterHandshake = new FrameTally();
    private final Map<Long, String> lastAnswer = new ConcurrentHashMap<>();
    private final Object window = new Object();
    private long firstStartNanos = Long.MAX_VALUE;
    private long lastEndNanos = Long.MIN_VALUE;

    /** A cycle starts: the storm's window runs from the first start to the last end. */
    public void cycleStarted(long userId, long nowNanos) {
        lastAnswer.remove(userId);
        synchronized (window) {
            firstStartNanos = Math.min(firstStartNanos, nowNanos);
        }
    }

    /** The frame type a user received (or what it means, for an ERROR) while awaiting one. */
    public void answered(long userId, String description) {
        lastAnswer.put(userId, description);
    }

    /** AUTH_ACK arrived {@code nowNanos}, for a cycle that started connecting at {@code startNanos}. */
    public void accepted(long startNanos, long nowNanos) {
        accepted.increment();
        handshakes.recordValue(Math.min(HIGHEST_US, Math.max(0, (nowNanos - startNanos) / 1_000)));
    }

    /** A cycle that ended (closed), failed or not. */
    public void cycleEnded(long nowNanos) {
        cycles.increment();
        synchronized (window) {
            lastEndNanos = Math.max(lastEndNanos, nowNanos);
        }
    }

    public void handshakeFailed(String reason) {
        failedHandshakes.add(reason);
    }

    public void failedAfterHandshake(String reason) {
        failedAfterHandshake.add(reason);
    }

    /** What the user last received while awaiting a frame; null when nothing came. */
    public String lastAnswer(long userId) {
        return lastAnswer.get(userId);
    }

    public long accepted() {
        return accepted.sum();
    }

    public long cycles() {
        return cycles.sum();
    }

    /** Every handshake's latency; call once, at the end. */
    public Histogram handshakeHistogram() {
        return handshakes.getIntervalHistogram();
    }

    public Map<String, Long> failedHandshakes() {
        return failedHandshakes.counts();
    }

    public Map<String, Long> failedAfterHandshake() {
        return failedAfterHandshake.counts();
    }

    /** Seconds from the first cycle's start to the last one's end; 0 before any ended. */
    public double seconds() {
        synchronized (window) {
            return lastEndNanos > firstStartNanos ? (lastEndNanos - firstStartNanos) / 1e9 : 0;
        }
    }
}
