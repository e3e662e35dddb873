package dev.syncbench.simulations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test client: one authenticated connection that writes OP_BATCHes and returns each answer frame. */
final class ProtocolClient implements AutoCloseable {
    private final LinkedBlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private final BatchEncoder encoder;

    ProtocolClient(URI url, String secret, long connection, int batchSize) throws Exception {
        this.encoder = new BatchEncoder(connection, batchSize);
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(url, new WebSocket.Listener() {
                    private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

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
                        return CompletableFuture.completedFuture(null);
                    }
                }).get(5, TimeUnit.SECONDS);
        expect("AUTH_REQUIRED");
        socket.sendBinary(ByteBuffer.wrap(Frames.auth(new Tokens(secret).forConnection(connection))), true).join();
        expect("AUTH_ACK");
    }

    /** Sends one batch and returns the next frame the server answers with. */
    byte[] sendBatch() throws InterruptedException {
        socket.sendBinary(ByteBuffer.wrap(encoder.nextBatch(System.currentTimeMillis())), true).join();
        return next();
    }

    String lastId() {
        return new String(encoder.lastId(), 0, encoder.lastIdLength(), java.nio.charset.StandardCharsets.UTF_8);
    }

    byte[] next() throws InterruptedException {
        byte[] frame = inbound.poll(5, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 5 s");
        }
        return frame;
    }

    private void expect(String type) throws InterruptedException {
        String got = AckReader.typeOf(next());
        if (!type.equals(got)) {
            throw new AssertionError("expected " + type + ", got " + got);
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        socket.abort();
    }
}
