package dev.syncbench.simulations.target;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Helidon WebSocket server on a free loopback port, path {@code /ws}, one listener per connection:
 * what the echo target and the tests' fake server are built on.
 */
final class LocalWebSocketServer implements AutoCloseable {
    private final WebServer server;
    private final URI url;

    LocalWebSocketServer(Supplier<WsListener> listeners) {
        this(listeners, http -> { });
    }

    /** With plain HTTP routes beside the WebSocket, e.g. a {@code /metrics} page. */
    LocalWebSocketServer(Supplier<WsListener> listeners, Consumer<HttpRouting.Builder> http) {
        HttpRouting.Builder routing = HttpRouting.builder();
        http.accept(routing);
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .addRouting(routing)
                .addRouting(WsRouting.builder().endpoint("/ws", listeners))
                .build()
                .start();
        this.url = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
    }

    URI url() {
        return url;
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * A listener that sees whole binary messages: Helidon may hand a message over in parts, and the
     * protocol's frames only read whole. An unfragmented message skips the assembly buffer.
     */
    abstract static class WholeMessages implements WsListener {
        private ByteArrayOutputStream fragments;

        /** One whole message, on the connection's own thread, in arrival order. */
        abstract void onFrame(WsSession session, byte[] frame);

        @Override
        public final void onMessage(WsSession session, BufferData buffer, boolean last) {
            byte[] part = new byte[buffer.available()];
            buffer.read(part);
            if (fragments == null && last) {
                onFrame(session, part);
                return;
            }
            if (fragments == null) {
                fragments = new ByteArrayOutputStream();
            }
            fragments.writeBytes(part);
            if (last) {
                byte[] frame = fragments.toByteArray();
                fragments = null;
                onFrame(session, frame);
            }
        }
    }
}
