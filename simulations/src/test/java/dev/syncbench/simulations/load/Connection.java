package dev.syncbench.simulations.load;

import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.BatchEncoder;
import dev.syncbench.simulations.wire.KeyPlan;
import dev.syncbench.simulations.wire.Reply;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * One virtual user's batches and what the server answered to each. Every frame the server sends
 * on the socket comes here ({@link #onFrame}), whatever Gatling is doing at the time, so nothing
 * is missed between sends. A batch is confirmed only by its own OP_ACK (found by its lastId) with
 * no rejected op; OP_REJECTED is tied to its batch by op id; an ERROR carries no id, so it is tied
 * to the oldest unanswered batch when the server promises to answer in order, and only counted
 * otherwise. A window (the batches up to an awaited one; one batch in fire-and-wait) is confirmed
 * when every batch in it is. A batch unanswered {@code timeout} after its window's last send has
 * timed out. Gatling runs the user's actions and the socket's reads on different threads, hence
 * the lock.
 */
public final class Connection {
    private final long id;
    private final BatchEncoder encoder;
    private final int batchSize;
    private final long deadlineNanos;
    private final long timeoutNanos;
    private final boolean ordered;
    private final RunMetrics metrics;
    private final LinkedHashMap<Long, Batch> outstanding = new LinkedHashMap<>();
    private volatile UnitLog log = UnitLog.NONE;
    private long nextIndex;
    private long nextSlotNanos;
    private Window open;
    private Window lastClosed;

    public Connection(long id, int batchSize, long deadlineNanos, long timeoutNanos, boolean ordered,
                      RunMetrics metrics) {
        this(id, batchSize, deadlineNanos, timeoutNanos, ordered, metrics, KeyPlan.SEQUENTIAL,
                BatchEncoder.DEFAULT_MAP);
    }

    /** A connection whose ops write the keys {@code keys} names (owner routing) into the map {@code mapName}. */
    public Connection(long id, int batchSize, long deadlineNanos, long timeoutNanos, boolean ordered,
                      RunMetrics metrics, KeyPlan keys, String mapName) {
        this.id = id;
        this.encoder = new BatchEncoder(id, batchSize, keys, mapName);
        this.batchSize = batchSize;
        this.deadlineNanos = deadlineNanos;
        this.timeoutNanos = timeoutNanos;
        this.ordered = ordered;
        this.metrics = metrics;
    }

    /** Where ended units go besides the metrics (Gatling's statistics). */
    public void logTo(UnitLog unitLog) {
        this.log = unitLog;
    }

    public long id() {
        return id;
    }

    public boolean beforeDeadline() {
        return System.nanoTime() - deadlineNanos < 0;
    }

    /**
     * Builds the next batch. {@code startNanos} is when it was meant to leave (its send time, or
     * its slot in a fixed schedule), from which its latency counts; {@code closesWindow} makes it
     * the last of its window; {@code socketOpen} false means it cannot leave and is not counted.
     */
    public synchronized byte[] nextBatch(long nowNanos, long startNanos, boolean closesWindow, boolean socketOpen) {
        expire(nowNanos);
        byte[] frame = encoder.nextBatch(System.currentTimeMillis());
        long index = nextIndex++;
        if (!socketOpen) {
            metrics.notSent();
            return frame;
        }
        if (open == null) {
            open = new Window(startNanos, System.currentTimeMillis() - (nowNanos - startNanos) / 1_000_000,
                    metrics.isMeasured(startNanos));
        }
        Window window = open;
        window.batches++;
        window.pending++;
        window.lastSentNanos = nowNanos;
        outstanding.put(index, new Batch(index, startNanos, window));
        metrics.sent(startNanos, batchSize, window.measured);
        if (closesWindow) {
            window.closed = true;
            lastClosed = window;
            open = null;
        }
        return frame;
    }

    /** For a fixed schedule: when this send was due (its first is due now); the next is due {@code interval} later. */
    public synchronized long takeSlot(long nowNanos, long intervalNanos) {
        long slot = nextSlotNanos == 0 ? nowNanos : nextSlotNanos;
        nextSlotNanos = slot + intervalNanos;
        return slot;
    }

    /** For a fixed schedule: how long until the next send is due; 0 when it is late. */
    public synchronized long nanosToNextSlot(long nowNanos) {
        return Math.max(0, nextSlotNanos - nowNanos);
    }

    /** Every frame the server sent on this socket, in arrival order. */
    public synchronized void onFrame(byte[] frame, long nowNanos) {
        Reply reply = AckReader.read(frame);
        switch (reply.kind()) {
            case OP_ACK -> onAck(reply, nowNanos);
            case OP_REJECTED -> {
                Batch batch = ownBatch(reply, false);
                if (batch != null) {
                    batch.rejectedOps++;
                } else {
                    metrics.unexpected("OP_REJECTED naming no unanswered batch of this connection");
                }
            }
            case ERROR -> onError(reply, nowNanos);
            case PONG -> { }
            case OTHER -> metrics.unexpected(reply.describe());
        }
    }

    /** True once the last window that was closed has ended (every batch answered or timed out). */
    public synchronized boolean awaitedWindowEnded() {
        return lastClosed == null || lastClosed.pending == 0;
    }

    /** True when no batch awaits an answer. */
    public synchronized boolean allAnswered() {
        return outstanding.isEmpty();
    }

    /** Ends, as timed out, every batch whose window was closed more than {@code timeout} ago. */
    public synchronized void expire(long nowNanos) {
        Iterator<Batch> batches = outstanding.values().iterator();
        while (batches.hasNext()) {
            Batch batch = batches.next();
            Window window = batch.window;
            if (!window.closed || nowNanos - (window.lastSentNanos + timeoutNanos) < 0) {
                return; // windows close in send order: the later ones are younger still
            }
            batches.remove();
            end(batch, Outcome.TIMED_OUT, window.lastSentNanos + timeoutNanos, 0, null);
        }
    }

    /** The socket is gone: a window left open is closed and whatever is unanswered has timed out. */
    public synchronized void finish(long nowNanos) {
        if (open != null) {
            open.closed = true;
            lastClosed = open;
            open = null;
        }
        Iterator<Batch> batches = outstanding.values().iterator();
        while (batches.hasNext()) {
            Batch batch = batches.next();
            batches.remove();
            long waitedUntil = Math.min(nowNanos, batch.window.lastSentNanos + timeoutNanos);
            end(batch, Outcome.TIMED_OUT, waitedUntil, 0, null);
        }
    }

    private void onAck(Reply reply, long nowNanos) {
        if (reply.connection() != id || reply.seq() < 0 || (reply.seq() + 1) % batchSize != 0) {
            metrics.unexpected("OP_ACK naming no batch of this connection");
            return;
        }
        long index = reply.seq() / batchSize;
        Batch batch = outstanding.remove(index);
        if (batch == null) {
            metrics.lateAnswer();
            return;
        }
        if (ordered && !outstanding.isEmpty() && outstanding.keySet().iterator().next() < index) {
            metrics.outOfOrder();
        }
        int failed = Math.min(batchSize, Math.max(batch.rejectedOps, reply.failedOps()));
        end(batch, failed == 0 ? Outcome.CONFIRMED : Outcome.REJECTED_OPS, nowNanos, failed,
                failed == 0 ? null : failed + " of " + batchSize + " ops rejected");
    }

    private void onError(Reply reply, long nowNanos) {
        String description = reply.describe();
        if (!ordered || outstanding.isEmpty()) {
            metrics.unattributedError(description);
            return;
        }
        Iterator<Batch> oldest = outstanding.values().iterator();
        Batch batch = oldest.next();
        oldest.remove();
        metrics.batchError(description);
        end(batch, Outcome.ERROR, nowNanos, batchSize, description);
    }

    private Batch ownBatch(Reply reply, boolean remove) {
        if (reply.connection() != id || reply.seq() < 0) {
            return null;
        }
        long index = reply.seq() / batchSize;
        return remove ? outstanding.remove(index) : outstanding.get(index);
    }

    private void end(Batch batch, Outcome outcome, long endNanos, int failedOps, String failure) {
        Window window = batch.window;
        metrics.batchEnded(outcome, batch.startNanos, endNanos, batchSize, failedOps, window.measured);
        if (outcome == Outcome.CONFIRMED) {
            metrics.confirmedBatch(id, batch.index * batchSize, batchSize);
        }
        window.pending--;
        window.lastAnswerNanos = Math.max(window.lastAnswerNanos, endNanos);
        if (outcome != Outcome.CONFIRMED) {
            window.failure = window.failure == null ? outcome.describe(failure) : window.failure;
            window.timedOut |= outcome == Outcome.TIMED_OUT;
        }
        if (window.closed && window.pending == 0) {
            long latencyUs = Math.max(0, (window.lastAnswerNanos - window.startNanos) / 1_000);
            metrics.windowEnded(window.failure == null, window.timedOut, window.startNanos, latencyUs,
                    window.measured);
            if (window.measured) {
                log.ended(window.startMillis, latencyUs, window.failure == null, window.failure);
            }
        }
    }

    /** How a batch ended. */
    public enum Outcome {
        CONFIRMED, REJECTED_OPS, ERROR, TIMED_OUT;

        String describe(String detail) {
            return this == TIMED_OUT ? "timed out" : detail;
        }
    }

    private static final class Batch {
        final long index;
        final long startNanos;
        final Window window;
        int rejectedOps;

        Batch(long index, long startNanos, Window window) {
            this.index = index;
            this.startNanos = startNanos;
            this.window = window;
        }
    }

    private static final class Window {
        final long startNanos;
        final long startMillis;
        final boolean measured;
        int batches;
        int pending;
        long lastSentNanos;
        long lastAnswerNanos;
        boolean closed;
        boolean timedOut;
        String failure;

        Window(long startNanos, long startMillis, boolean measured) {
            this.startNanos = startNanos;
            this.startMillis = startMillis;
            this.measured = measured;
        }
    }
}
