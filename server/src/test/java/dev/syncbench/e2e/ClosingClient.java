package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;

import dev.syncbench.support.Msg;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.msgpack.value.Value;

/**
 * A client that leaves the way a well-behaved client does, with a WebSocket close frame
 * ({@link TestClient#close()} drops the socket instead), for testing what a disconnect releases.
 */
final class ClosingClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Value> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private ClosingClient(int port) {
        socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new Listener()).join();
    }

    static ClosingClient authenticated(int port, String user) {
        ClosingClient client = new ClosingClient(port);
        client.expect("AUTH_REQUIRED");
        client.send(map("type", "AUTH", "token", Tokens.valid(user)));
        client.expect("AUTH_ACK");
        return client;
    }

    void send(Value message) {
        socket.sendBinary(ByteBuffer.wrap(Msg.encode(message)), true).join();
    }

    Value expect(String type) {
        try {
            Value v = received.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (v == null || !type.equals(Msg.type(v))) {
                throw new AssertionError("expected " + type + " but got " + v);
            }
            return v;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a close frame (1000) and returns without waiting for the server's answer. */
    void closeGracefully() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
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
    }
}
