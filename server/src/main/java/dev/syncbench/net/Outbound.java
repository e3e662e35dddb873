package dev.syncbench.net;

import dev.syncbench.metrics.ServerMetrics;
import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection's outbound frames, in one order. Live events from other connections' threads go
 * through a bounded queue drained by one virtual thread, so they never wait: a full queue marks a
 * slow consumer, which is closed with 1013 rather than silently skipped. Replies are written at
 * once by the connection's own thread when nothing is queued (the common case, one hand-off
 * fewer), and otherwise queued behind what is, waiting for room: a client that does not read its
 * replies stops being read.
 */
final class Outbound {
    private static final Logger LOG = Logger.getLogger(Outbound.class.getName());
    private static final long TERMINATE_AFTER_MILLIS = 5_000;

    private final WsSession ws;
    private final ServerMetrics metrics;
    private final BlockingQueue<Frame> queue;
    private final Thread writer;
    /** Frames queued or being written by the writer; a reply may skip the queue only when zero. */
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean closing;

    private sealed interface Frame permits Data, Close {}

    private record Data(byte[] bytes) implements Frame {}

    private record Close(int code, String reason) implements Frame {}

    Outbound(WsSession ws, ServerMetrics metrics, int capacity, String name) {
        this.ws = ws;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofVirtual().name(name).start(this::writeLoop);
    }

    /** Sends a reply after everything queued before it; dropped once the connection is closing. */
    void reply(byte[] frame) {
        if (closing) {
            return;
        }
        if (queued.get() == 0) {
            write(frame);
            return;
        }
        Data data = new Data(frame);
        queued.incrementAndGet();
        try {
            while (!closing) {
                if (queue.offer(data, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queued.decrementAndGet();
    }

    /** Queues an event without waiting; returns false if the queue was full. */
    boolean offerEvent(byte[] frame) {
        if (closing) {
            return false;
        }
        queued.incrementAndGet();
        if (queue.offer(new Data(frame))) {
            return true;
        }
        queued.decrementAndGet();
        return false;
    }

    private void write(byte[] frame) {
        try {
            ws.send(BufferData.create(frame), true);
            metrics.frameOut();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "outbound write failed", e);
            closing = true;
        }
    }

    /** Sends every event queued so far, then the close frame. */
    void closeAfterPending(int code, String reason) {
        if (closing) {
            return;
        }
        Close close = new Close(code, reason);
        try {
            while (!queue.offer(close, 100, TimeUnit.MILLISECONDS)) {
                if (!writer.isAlive()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closing = true;
    }

    /** Drops what is queued and closes at once; for a slow consumer, whose socket may not drain. */
    void closeNow(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        queue.clear();
        queue.offer(new Close(code, reason));
        Thread.ofVirtual().start(() -> {
            try {
                writer.join(TERMINATE_AFTER_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writer.isAlive()) {
                ws.terminate();
                writer.interrupt();
            }
        });
    }

    /** Called once the socket is gone: stops the writer. */
    void stop() {
        closing = true;
        writer.interrupt();
    }

    boolean isClosing() {
        return closing;
    }

    private void writeLoop() {
        try {
            while (!closing || !queue.isEmpty()) {
                Frame frame = queue.take();
                if (frame instanceof Data data) {
                    write(data.bytes());
                    queued.decrementAndGet();
                } else if (frame instanceof Close close) {
                    ws.close(close.code(), close.reason());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "close failed", e);
            closing = true;
        }
    }
}
