package dev.syncbench.net;

import dev.syncbench.metrics.ServerMetrics;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsSession;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection's outbound frames, in one order, written to the socket in as few writes as
 * possible. Every frame, reply or live event, is appended to one pending buffer in the order it is
 * sent, so a reply never overtakes an earlier event. Several frames then leave in one socket
 * write: the connection's own thread flushes its replies when it has no further frame in hand
 * (so pipelined requests are answered together), and live events from other connections' threads
 * are flushed by this connection's writer thread, so they never wait on this client's socket.
 *
 * <p>Events are bounded by {@code capacity} frames: past it the client is a slow consumer. Replies
 * are not bounded that way: the connection's thread writes them itself, so a client that does not
 * read its replies stops being read. Every socket write records when it started, so a write that
 * hangs on a client that does not read can be cut off by ending the socket ({@link #writeStuckSince}).
 */
final class Outbound {
    private static final Logger LOG = Logger.getLogger(Outbound.class.getName());
    /** Replies are written at once past this many pending bytes, even with more requests in hand. */
    private static final int FLUSH_BYTES = 64 * 1024;
    private static final byte BINARY_FINAL = (byte) 0x82;
    private static final byte PONG_FINAL = (byte) 0x8A;
    private static final byte[] NOTHING = new byte[0];
    /** The first pending buffer: allocated with the first frame, so an idle connection holds none. */
    private static final int FIRST_BUFFER_BYTES = 1024;

    private final WsSession ws;
    private final DataWriter socket;
    private final ServerMetrics metrics;
    private final int capacity;
    private final String writerName;
    /** Started by the first frame another thread hands over (an event, a close): most connections never need one. */
    private Thread writer;

    /** Guards the pending buffer and the closing state; never held during a socket write. */
    private final ReentrantLock state = new ReentrantLock();
    private byte[] pending = NOTHING;
    private int pendingBytes;
    private int pendingFrames;
    private boolean closing;
    private CloseFrame closeFrame;
    private boolean writerWanted;

    /** Held for each socket write, so flushes leave in the order their frames were appended. */
    private final ReentrantLock writing = new ReentrantLock();
    /** The buffer last written, reused for appends once its write is done; guarded by {@code writing}. */
    private byte[] spare;
    private volatile long writeStartedNanos;
    private volatile boolean finished;

    private record CloseFrame(int code, String reason) {
    }

    Outbound(WsSession ws, ServerMetrics metrics, int capacity, String name) {
        if (!(ws.socketContext() instanceof ConnectionContext context)) {
            throw new IllegalStateException("WebSocket session without a server connection context");
        }
        this.ws = ws;
        this.socket = context.dataWriter();
        this.metrics = metrics;
        this.capacity = capacity;
        this.writerName = name;
    }

    /**
     * Appends a reply; it leaves at the next {@link #flushReplies} (or earlier, with queued events).
     * Dropped once the connection is closing, so nothing follows the close frame.
     */
    void reply(byte[] frame) {
        appendUnlessClosing(BINARY_FINAL, frame);
    }

    /**
     * Appends the WebSocket pong answering a ping, in order with the replies: every frame of the
     * socket leaves through here, so no two writes interleave. None once the connection is closing.
     */
    void pong(byte[] payload) {
        appendUnlessClosing(PONG_FINAL, payload);
    }

    private void appendUnlessClosing(byte firstByte, byte[] payload) {
        state.lock();
        try {
            if (!closing) {
                append(firstByte, payload);
            }
        } finally {
            state.unlock();
        }
    }

    /**
     * Called by the connection's thread after each request: writes the pending frames unless more
     * requests are already in hand (they will be answered in the same write) and little is pending.
     */
    void flushReplies(boolean moreInHand) {
        if (moreInHand && pendingBytes < FLUSH_BYTES) {
            return;
        }
        flush();
    }

    /** Appends an event without waiting; returns false if the client already has too many pending. */
    boolean offerEvent(byte[] frame) {
        state.lock();
        try {
            if (closing || pendingFrames >= capacity) {
                return false;
            }
            append(BINARY_FINAL, frame);
            wakeWriter();
            return true;
        } finally {
            state.unlock();
        }
    }

    /** Sends every frame appended so far, then the close frame; nothing after it. */
    void closeAfterPending(int code, String reason) {
        state.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            closeFrame = new CloseFrame(code, reason);
            wakeWriter();
        } finally {
            state.unlock();
        }
    }

    /** Drops what is pending and closes at once; for a slow consumer, whose socket may not drain. */
    void closeNow(int code, String reason) {
        state.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            pendingBytes = 0;
            pendingFrames = 0;
            closeFrame = new CloseFrame(code, reason);
            wakeWriter();
        } finally {
            state.unlock();
        }
    }

    /** Called once the socket is gone: stops the writer. */
    void stop() {
        state.lock();
        try {
            closing = true;
            finished = true;
            pendingBytes = 0;
            pendingFrames = 0;
            if (writer != null) {
                LockSupport.unpark(writer);
            }
        } finally {
            state.unlock();
        }
    }

    boolean isClosing() {
        return closing;
    }

    /** True once the close frame was written (or could not be). */
    boolean isFinished() {
        return finished;
    }

    /** When the socket write in progress started ({@link System#nanoTime()}), or 0 when none is. */
    long writeStuckSince() {
        return writeStartedNanos;
    }

    private void append(byte firstByte, byte[] frame) {
        int length = frame.length;
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        int needed = pendingBytes + header + length;
        if (needed > pending.length) {
            byte[] grown = new byte[Math.max(needed, Math.max(FIRST_BUFFER_BYTES, pending.length * 2))];
            System.arraycopy(pending, 0, grown, 0, pendingBytes);
            pending = grown;
        }
        byte[] out = pending;
        int at = pendingBytes;
        out[at++] = firstByte;
        if (length < 126) {
            out[at++] = (byte) length;
        } else if (length < 65536) {
            out[at++] = 126;
            out[at++] = (byte) (length >>> 8);
            out[at++] = (byte) length;
        } else {
            out[at++] = 127;
            for (int shift = 56; shift >= 0; shift -= 8) {
                out[at++] = (byte) ((long) length >>> shift);
            }
        }
        System.arraycopy(frame, 0, out, at, length);
        pendingBytes = needed;
        pendingFrames++;
    }

    /** The caller holds {@code state}. */
    private void wakeWriter() {
        if (!writerWanted) {
            writerWanted = true;
            if (writer == null) {
                writer = Thread.ofVirtual().name(writerName).start(this::writeLoop);
            } else {
                LockSupport.unpark(writer);
            }
        }
    }

    /** Writes everything pending in one socket write; returns false if the socket failed. */
    private boolean flush() {
        writing.lock();
        try {
            byte[] bytes;
            int length;
            int frames;
            state.lock();
            try {
                if (pendingBytes == 0) {
                    return !finished;
                }
                // Hand the filled buffer to the socket and append to the spare meanwhile, so
                // appends never wait for a write.
                bytes = pending;
                length = pendingBytes;
                frames = pendingFrames;
                pending = spare != null && spare.length >= Math.min(length, FLUSH_BYTES) ? spare : new byte[length];
                spare = null;
                pendingBytes = 0;
                pendingFrames = 0;
            } finally {
                state.unlock();
            }
            boolean written = write(bytes, length, frames);
            if (bytes.length <= 4 * FLUSH_BYTES) {
                spare = bytes;
            }
            return written;
        } finally {
            writing.unlock();
        }
    }

    private boolean write(byte[] bytes, int length, int frames) {
        writeStartedNanos = System.nanoTime();
        try {
            socket.writeNow(BufferData.create(bytes, 0, length));
            metrics.framesOut(frames);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "outbound write failed", e);
            failed();
            return false;
        } finally {
            writeStartedNanos = 0;
        }
    }

    private void failed() {
        state.lock();
        try {
            closing = true;
            finished = true;
            pendingBytes = 0;
            pendingFrames = 0;
        } finally {
            state.unlock();
        }
    }

    private void writeLoop() {
        while (!finished) {
            CloseFrame close;
            state.lock();
            try {
                writerWanted = false;
                close = closeFrame;
            } finally {
                state.unlock();
            }
            if (!flush()) {
                return;
            }
            if (close != null) {
                sendClose(close);
                return;
            }
            state.lock();
            boolean idle;
            try {
                idle = !writerWanted;
            } finally {
                state.unlock();
            }
            if (idle) {
                LockSupport.park(this);
            }
        }
    }

    private void sendClose(CloseFrame close) {
        writing.lock();
        writeStartedNanos = System.nanoTime();
        try {
            ws.close(close.code(), close.reason());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "close failed", e);
        } finally {
            writeStartedNanos = 0;
            finished = true;
            writing.unlock();
        }
    }
}
