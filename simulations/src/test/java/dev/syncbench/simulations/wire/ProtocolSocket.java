package dev.syncbench.simulations.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One protocol connection on the JDK's WebSocket client, for what a run does outside Gatling: the
 * preflight before the load, the read-back after it, and tests. {@link #open} goes through the
 * handshake (AUTH_REQUIRED, AUTH, AUTH_ACK); then frames are sent and the server's frames taken one
 * by one, each within a time limit. The abusive clients use {@link RawWebSocket} instead, because
 * they must be able to stop reading.
 */
public final class ProtocolSocket implements AutoCloseable {
    private final WebSocket webSocket;
    private final LinkedBlockingQueue<Received> inbound;

    /** A whole binary message, or (frame null) the end of the connection and why. */
    private record Received(byte[] frame, String end) {
    }

    private ProtocolSocket(WebSocket webSocket, LinkedBlockingQueue<Received> inbound) {
        this.webSocket = webSocket;
        this.inbound = inbound;
    }

    /** An open WebSocket, not yet authenticated; an {@link IOException} whose cause says why otherwise. */
    public static ProtocolSocket connect(URI url, Duration timeout) throws IOException {
        LinkedBlockingQueue<Received> inbound = new LinkedBlockingQueue<>();
        try {
            WebSocket webSocket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(timeout)
                    .buildAsync(url, new Collector(inbound))
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return new ProtocolSocket(webSocket, inbound);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot connect to " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + url, e);
        }
    }

    /** An authenticated connection; an {@link IOException} saying what went wrong otherwise. */
    public static ProtocolSocket open(URI url, String token, Duration timeout) throws IOException {
        ProtocolSocket socket = connect(url, timeout);
        try {
            socket.expect("AUTH_REQUIRED", timeout);
            socket.send(Frames.auth(token));
            socket.expect("AUTH_ACK", timeout);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    public void send(byte[] frame) throws IOException {
        try {
            webSocket.sendBinary(ByteBuffer.wrap(frame), true).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot send: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        }
    }

    /** The next frame the server sent; an {@link IOException} when none comes within {@code timeout} or the socket closed. */
    public byte[] next(Duration timeout) throws IOException {
        Received received = poll(timeout);
        if (received == null) {
            throw new IOException("no answer within " + timeout.toSeconds() + " s");
        }
        if (received.frame() == null) {
            throw new IOException("the server closed the connection (" + received.end() + ")");
        }
        return received.frame();
    }

    /** The next frame, or null when none came within {@code timeout}; an {@link IOException} once the socket closed. */
    public byte[] nextOrNull(Duration timeout) throws IOException {
        Received received = poll(timeout);
        if (received != null && received.frame() == null) {
            throw new IOException("the server closed the connection (" + received.end() + ")");
        }
        return received == null ? null : received.frame();
    }

    /**
     * The type of the next frame, or what came instead, in words: "nothing within 5 s", "a close
     * (1008 ...)", "a frame without a type". For messages that name what the server did.
     */
    public String nextType(Duration timeout) throws IOException {
        Received received = poll(timeout);
        if (received == null) {
            return "nothing within " + timeout.toSeconds() + " s";
        }
        if (received.frame() == null) {
            return "a close (" + received.end() + ")";
        }
        String type = AckReader.typeOf(received.frame());
        return type.isEmpty() ? "a frame without a type" : type;
    }

    private void expect(String type, Duration timeout) throws IOException {
        String actual = nextType(timeout);
        if (!type.equals(actual)) {
            throw new IOException("expected " + type + ", got " + actual);
        }
    }

    private Received poll(Duration timeout) throws IOException {
        try {
            return inbound.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the server", e);
        }
    }

    @Override
    public void close() {
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS)
                .whenComplete((ignored, error) -> webSocket.abort());
    }

    /** Collects whole binary messages, and the end of the connection, into a queue. */
    private static final class Collector implements WebSocket.Listener {
        private final LinkedBlockingQueue<Received> inbound;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Collector(LinkedBlockingQueue<Received> inbound) {
            this.inbound = inbound;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                inbound.add(new Received(partial.toByteArray(), null));
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            inbound.add(new Received(null, statusCode + (reason.isEmpty() ? "" : " " + reason)));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            inbound.add(new Received(null, "error: " + error.getMessage()));
        }
    }
}
