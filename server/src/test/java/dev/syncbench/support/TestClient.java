package dev.syncbench.support;

import static dev.syncbench.support.Msg.map;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.io.ByteArrayOutputStream;
import org.msgpack.value.Value;

/** A real WebSocket client (the JDK's) speaking MessagePack frames to the server under test. */
public final class TestClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Value> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile String closeReason;

    private TestClient(URI uri) {
        this.socket = HTTP.newWebSocketBuilder().buildAsync(uri, new Listener()).join();
    }

    /** Connects without authenticating. */
    public static TestClient connect(int port) {
        return connectAt(port, "/ws");
    }

    /** Connects to the WebSocket endpoint at {@code path}, without authenticating. */
    public static TestClient connectAt(int port, String path) {
        return new TestClient(URI.create("ws://127.0.0.1:" + port + path));
    }

    /** Connects, reads AUTH_REQUIRED, authenticates as {@code user} and reads AUTH_ACK. */
    public static TestClient authenticated(int port, String user) {
        return authenticatedWith(port, Tokens.valid(user));
    }

    /** Connects and authenticates with the token given. */
    public static TestClient authenticatedWith(int port, String token) {
        TestClient client = connect(port);
        client.expect("AUTH_REQUIRED");
        client.send(map("type", "AUTH", "token", token));
        client.expect("AUTH_ACK");
        return client;
    }

    public void send(Value message) {
        sendRaw(Msg.encode(message));
    }

    public void sendRaw(byte[] frame) {
        socket.sendBinary(ByteBuffer.wrap(frame), true).join();
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message, failing the test if none arrives in time. */
    public Value next() {
        try {
            Value v = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (v == null) {
                throw new AssertionError("no message within " + WAIT + (closeCode.isDone() ? " (closed " + closeCode.join() + ")" : ""));
            }
            return v;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next message, which must be of {@code type}. */
    public Value expect(String type) {
        Value v = next();
        if (!type.equals(Msg.type(v))) {
            throw new AssertionError("expected " + type + " but got " + v);
        }
        return v;
    }

    /**
     * The next message, or null once the connection has closed with nothing left to read: for
     * clients of a server that may be killed under them.
     */
    public Value nextUnlessClosed() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Value v = received.poll(50, TimeUnit.MILLISECONDS);
                if (v != null) {
                    return v;
                }
                if (closeCode.isDone() && received.isEmpty()) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no message within " + WAIT + " on an open connection");
    }

    /** Whatever arrives within {@code wait}; for asserting that nothing (more) comes. */
    public List<Value> drain(Duration wait) {
        List<Value> all = new ArrayList<>();
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        received.drainTo(all);
        return all;
    }

    /** Round-trips a PING; the PONG must be the next message, so nothing else was pending. */
    public void ping() {
        send(map("type", "PING", "timestamp", 42));
        expect("PONG");
    }

    public int awaitClose() {
        try {
            return closeCode.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + WAIT, e);
        }
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /**
     * Leaves the way a well-behaved client does, with a close frame (1000), and returns without
     * waiting for the server's answer; {@link #close()} drops the socket instead.
     */
    public void closeGracefully() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    /** Drops the socket without a close frame, unless the connection is closed already. */
    @Override
    public void close() {
        if (!closeCode.isDone()) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                received.add(Msg.decode(partial.toByteArray()));
                partial.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closeCode.complete(1006);
        }
    }
}
