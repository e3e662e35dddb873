package dev.syncbench.simulations;

/**
 * One virtual user's state: its batch encoder and what its awaited ack must carry. Gatling runs a
 * user's actions one at a time; the ack check runs on the socket's event loop, hence the volatile
 * field that publishes each send.
 */
public final class Connection {
    private final long id;
    private final BatchEncoder encoder;
    private final long deadlineNanos;
    private volatile long sentNanos;
    private long windowStartNanos;
    private int batchesInWindow;

    public Connection(long id, int batchSize, long durationNanos) {
        this.id = id;
        this.encoder = new BatchEncoder(id, batchSize);
        this.deadlineNanos = System.nanoTime() + durationNanos;
    }

    public long id() {
        return id;
    }

    public boolean beforeDeadline() {
        return System.nanoTime() - deadlineNanos < 0;
    }

    /** Builds the next batch and notes its send time; {@code awaited} closes the current window. */
    public byte[] nextBatch(long nowNanos, boolean awaited) {
        byte[] frame = encoder.nextBatch(System.currentTimeMillis());
        if (batchesInWindow++ == 0) {
            windowStartNanos = nowNanos;
        }
        if (awaited) {
            batchesInWindow = 0;
        }
        sentNanos = nowNanos;
        return frame;
    }

    /** True when the frame is the ack of the batch sent last. */
    public boolean isAckOfLastBatch(byte[] frame) {
        long published = sentNanos; // read first: makes the encoder's last id visible
        return published != 0 && AckReader.isAckFor(frame, encoder.lastId(), encoder.lastIdLength());
    }

    public long sentNanos() {
        return sentNanos;
    }

    public long windowStartNanos() {
        return windowStartNanos;
    }
}
