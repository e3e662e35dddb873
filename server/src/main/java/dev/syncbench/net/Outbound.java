package dev.syncbench.net;

import dev.syncbench.metrics.ServerMetrics;
import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection's outbound frames. Replies are written at once by the connection's own thread, in
 * the order its frames arrive, so a client that does not read its replies stops being read
 * (back-pressure). Live events from other connections' threads go through a bounded queue drained
 * by one virtual thread, so they never wait: a full queue marks a slow consumer, which is closed
 * with 1013 rather than silently skipped.
 */
final class Outbound {
    private static final Logger LOG = Logger.getLogger(Outbound.class.getName());
    private static final long TERMINATE_AFTER_MILLIS = 5_000;

    private final WsSession ws;
    private final ServerMetrics metrics;
    private final BlockingQueue<Frame> queue;
    private final Thread writer;
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

    /** Writes a reply now; dropped once the connection is closing. */
    void reply(byte[] frame) {
        if (closing) {
            return;
        }
        try {
            ws.send(BufferData.create(frame), true);
            metrics.frameOut();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "reply write failed", e);
            closing = true;
        }
    }

    /** Queues an event without waiting; returns false if the queue was full. */
    boolean offerEvent(byte[] frame) {
        return !closing && queue.offer(new Data(frame));
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
            while (true) {
                Frame frame = queue.take();
                if (frame instanceof Data data) {
                    ws.send(BufferData.create(data.bytes()), true);
                    metrics.frameOut();
                } else if (frame instanceof Close close) {
                    ws.close(close.code(), close.reason());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "outbound write failed", e);
            closing = true;
        }
    }
}
