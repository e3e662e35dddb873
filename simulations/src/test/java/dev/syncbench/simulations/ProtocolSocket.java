package dev.syncbench.simulations;

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
 * One authenticated protocol connection outside Gatling, for the few requests a run makes after
 * the load (reading the store back): connect, AUTH_REQUIRED, AUTH, AUTH_ACK; then send frames and
 * take the server's frames one by one, each within a time limit.
 */
final class ProtocolSocket implements AutoCloseable {
    private static final byte[] CLOSED = new byte[0];

    private final WebSocket webSocket;
    private final LinkedBlockingQueue<byte[]> inbound;

    private ProtocolSocket(WebSocket webSocket, LinkedBlockingQueue<byte[]> inbound) {
        this.webSocket = webSocket;
        this.inbound = inbound;
    }

    /** An authenticated connection; an {@link IOException} saying what went wrong otherwise. */
    static ProtocolSocket open(URI url, String token, Duration timeout) throws IOException {
        LinkedBlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
        WebSocket webSocket;
        try {
            webSocket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(timeout)
                    .buildAsync(url, new Collector(inbound))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot connect to " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + url, e);
        }
        ProtocolSocket socket = new ProtocolSocket(webSocket, inbound);
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

    void send(byte[] frame) throws IOException {
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
    byte[] next(Duration timeout) throws IOException {
        byte[] frame;
        try {
            frame = inbound.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the server", e);
        }
        if (frame == null) {
            throw new IOException("no answer within " + timeout.toSeconds() + " s");
        }
        if (frame == CLOSED) {
            throw new IOException("the server closed the connection");
        }
        return frame;
    }

    private void expect(String type, Duration timeout) throws IOException {
        String actual = AckReader.typeOf(next(timeout));
        if (!type.equals(actual)) {
            throw new IOException("expected " + type + ", got " + (actual.isEmpty() ? "a frame without a type" : actual));
        }
    }

    @Override
    public void close() {
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS)
                .whenComplete((ignored, error) -> webSocket.abort());
    }

    /** Collects whole binary messages, and a marker for the close, into a queue. */
    private static final class Collector implements WebSocket.Listener {
        private final LinkedBlockingQueue<byte[]> inbound;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Collector(LinkedBlockingQueue<byte[]> inbound) {
            this.inbound = inbound;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                inbound.add(partial.toByteArray());
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            inbound.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            inbound.add(CLOSED);
        }
    }
}
