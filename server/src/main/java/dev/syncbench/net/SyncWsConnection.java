package dev.syncbench.net;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.concurrency.limits.LimitException;
import io.helidon.common.socket.SocketContext;
import io.helidon.common.socket.SocketWriterException;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsSession;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An upgraded WebSocket connection: reads the client's frames with {@link ClientFrameReader} and
 * hands each to the {@link SyncWsListener} on this connection's thread, in arrival order. It keeps
 * the rules the server has always applied on the wire: continuation frames follow the message
 * they continue (1002 otherwise), a close frame is answered with 1000, a frame the reader refuses
 * closes with its code, and a connection Helidon finds idle is closed with 1000.
 */
final class SyncWsConnection implements ServerConnection, WsSession {
    private static final String TOO_MANY = "Too Many Concurrent Requests";

    private final ConnectionContext ctx;
    private final HttpPrologue prologue;
    private final Headers upgradeHeaders;
    private final SyncWsListener listener;
    private final ClientFrameReader frames;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicBoolean closeSent = new AtomicBoolean();
    /** The data opcode of the fragmented message being received, or -1 between messages. */
    private int receiving = -1;
    /** Whether the next data frame sent continues a fragmented message; guarded by {@code sendLock}. */
    private boolean sendContinuation;
    private volatile Thread thread;
    private volatile boolean canRun = true;
    private volatile boolean readingNetwork;
    private volatile long lastActivityNanos = System.nanoTime();

    SyncWsConnection(ConnectionContext ctx, HttpPrologue prologue, Headers upgradeHeaders, SyncWsListener listener,
            int maxFrameBytes) {
        this.ctx = ctx;
        this.prologue = prologue;
        this.upgradeHeaders = upgradeHeaders;
        this.listener = listener;
        this.frames = new ClientFrameReader(ctx.dataReader(), maxFrameBytes);
    }

    @Override
    public void handle(Limit limit) {
        thread = Thread.currentThread();
        try {
            limit.invoke(() -> listener.onOpen(this));
        } catch (LimitException e) {
            close(1013, TOO_MANY);
            return;
        } catch (CloseConnectionException e) {
            throw e;
        } catch (Exception e) {
            close(1011, e.getMessage());
            return;
        }
        while (canRun) {
            readingNetwork = true;
            ClientFrame frame = readFrame();
            readingNetwork = false;
            lastActivityNanos = System.nanoTime();
            try {
                boolean more = limit.invoke(() -> processFrame(frame));
                lastActivityNanos = System.nanoTime();
                if (!more) {
                    return;
                }
            } catch (LimitException e) {
                listener.onClose(this, 1013, TOO_MANY);
                close(1013, TOO_MANY);
                return;
            } catch (CloseConnectionException e) {
                throw e;
            } catch (Exception e) {
                listener.onError(this, e);
                close(1011, e.getMessage());
                return;
            }
        }
        close(1000, "Idle timeout");
    }

    private ClientFrame readFrame() {
        try {
            return frames.read();
        } catch (DataReader.InsufficientDataAvailableException e) {
            throw new CloseConnectionException("Socket closed by the other side", e);
        } catch (FrameProtocolException e) {
            close(e.closeCode(), e.getMessage());
            throw new CloseConnectionException("WebSocket failed to read client frame", e);
        }
    }

    /** Returns false once the connection is done (the client closed). */
    private boolean processFrame(ClientFrame frame) {
        byte[] payload = frame.payload();
        switch (frame.opcode()) {
            case ClientFrame.CONTINUATION -> {
                int continuing = receiving;
                if (frame.fin()) {
                    receiving = -1;
                }
                if (continuing == ClientFrame.TEXT) {
                    listener.onMessage(this, new String(payload, StandardCharsets.UTF_8), frame.fin());
                } else if (continuing == ClientFrame.BINARY) {
                    listener.onMessage(this, payload, frame.fin());
                } else {
                    close(ClientFrameReader.PROTOCOL_ERROR, "Unexpected continuation received");
                    throw new CloseConnectionException("Websocket unexpected continuation");
                }
            }
            case ClientFrame.TEXT, ClientFrame.BINARY -> {
                if (receiving != -1) {
                    close(ClientFrameReader.PROTOCOL_ERROR, "Expected a continuation frame");
                    throw new CloseConnectionException("Websocket expected continuation");
                }
                // a message in one frame leaves nothing to continue
                receiving = frame.fin() ? -1 : frame.opcode();
                if (frame.opcode() == ClientFrame.TEXT) {
                    listener.onMessage(this, new String(payload, StandardCharsets.UTF_8), frame.fin());
                } else {
                    listener.onMessage(this, payload, frame.fin());
                }
            }
            case ClientFrame.CLOSE -> {
                int code = 1000;
                String reason = "normal";
                if (payload.length >= 2) {
                    code = (payload[0] & 0xff) << 8 | (payload[1] & 0xff);
                    if (payload.length > 2) {
                        reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
                    }
                }
                listener.onClose(this, code, reason);
                if (!closeSent.get()) {
                    close(1000, "normal");
                }
                return false;
            }
            case ClientFrame.PING -> listener.onPing(this, BufferData.create(payload));
            case ClientFrame.PONG -> listener.onPong(this, BufferData.create(payload));
            default -> throw new IllegalStateException("Invalid frame opcode " + frame.opcode());
        }
        return true;
    }

    @Override
    public WsSession send(String text, boolean last) {
        return sendData(ClientFrame.TEXT, text.getBytes(StandardCharsets.UTF_8), last);
    }

    @Override
    public WsSession send(BufferData bufferData, boolean last) {
        byte[] bytes = new byte[bufferData.available()];
        bufferData.read(bytes);
        return sendData(ClientFrame.BINARY, bytes, last);
    }

    @Override
    public WsSession ping(BufferData bufferData) {
        return sendControl(ClientFrame.PING, bufferData);
    }

    @Override
    public WsSession pong(BufferData bufferData) {
        return sendControl(ClientFrame.PONG, bufferData);
    }

    /** Sends the close frame once; later calls do nothing. */
    @Override
    public WsSession close(int code, String reason) {
        if (!closeSent.compareAndSet(false, true)) {
            return this;
        }
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        sendLock.lock();
        try {
            writeFrame(true, ClientFrame.CLOSE, payload);
        } finally {
            sendLock.unlock();
        }
        return this;
    }

    @Override
    public WsSession terminate() {
        close(1000, "Terminate");
        throw new CloseConnectionException("Terminate from WebSocket");
    }

    @Override
    public Optional<String> subProtocol() {
        return upgradeHeaders.first(WsUpgrader.PROTOCOL);
    }

    @Override
    public SocketContext socketContext() {
        return ctx;
    }

    @Override
    public HttpPrologue prologue() {
        return prologue;
    }

    @Override
    public Duration idleTime() {
        return Duration.ofNanos(System.nanoTime() - lastActivityNanos);
    }

    /** Helidon's idle reaper and shutdown: no further frame is read; a blocked read is interrupted. */
    @Override
    public void close(boolean interrupt) {
        canRun = false;
        Thread reading = thread;
        if (reading != null && (interrupt || readingNetwork)) {
            reading.interrupt();
        }
    }

    private WsSession sendData(int opcode, byte[] payload, boolean last) {
        sendLock.lock();
        try {
            int sent = sendContinuation ? ClientFrame.CONTINUATION : opcode;
            sendContinuation = !last;
            writeFrame(last, sent, payload);
        } finally {
            sendLock.unlock();
        }
        return this;
    }

    private WsSession sendControl(int opcode, BufferData bufferData) {
        byte[] bytes = new byte[bufferData.available()];
        bufferData.read(bytes);
        sendLock.lock();
        try {
            writeFrame(true, opcode, bytes);
        } finally {
            sendLock.unlock();
        }
        return this;
    }

    /** One unmasked server frame in one socket write; the caller holds {@code sendLock}. */
    private void writeFrame(boolean fin, int opcode, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        byte[] out = new byte[header + length];
        out[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            out[1] = (byte) length;
        } else if (length < 65536) {
            out[1] = 126;
            out[2] = (byte) (length >>> 8);
            out[3] = (byte) length;
        } else {
            out[1] = 127;
            for (int i = 0; i < 8; i++) {
                out[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, out, header, length);
        try {
            ctx.dataWriter().writeNow(BufferData.create(out));
        } catch (SocketWriterException | UncheckedIOException e) {
            throw new ServerConnectionException("Failed to write websocket frame", e);
        }
    }
}
