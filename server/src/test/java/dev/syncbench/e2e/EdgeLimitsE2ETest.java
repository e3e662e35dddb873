package dev.syncbench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.SyncServer;
import dev.syncbench.support.RawWebSocket;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The edges a client reaches before or beside the protocol: the HTTP upgrade request's size, the
 * size of a message sent in fragments, and sockets that connect but never become (or never act
 * as) a sync connection. Each case checks what the server answers and that a neighbour is served.
 */
class EdgeLimitsE2ETest {
    private static final int MAX_FRAME = 64 * 1024;
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(config -> config.maxFrameBytes(MAX_FRAME));

    @Test
    void upgradeWithOversizedHeadersIsRefusedAndTheSocketEnds() throws Exception {
        String status = rawRequest(server.port(), "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "X-Padding: " + "a".repeat(64 * 1024) + "\r\n\r\n");
        assertRefused(status);
        assertNeighbourServed();
    }

    @Test
    void upgradeWithAnOverlongRequestLineIsRefusedAndTheSocketEnds() throws Exception {
        String status = rawRequest(server.port(), "GET /ws?" + "a".repeat(16 * 1024) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        assertRefused(status);
        assertNeighbourServed();
    }

    @Test
    void fragmentedMessageOverTheMaxFrameSizeClosesWith1009() throws Exception {
        try (RawWebSocket client = new RawWebSocket(server.port())) {
            client.authenticate("fragmenter");
            byte[] part = new byte[MAX_FRAME / 2 + 1];
            client.sendFragment(true, false, part);
            client.sendFragment(false, false, part);
            client.sendFragment(false, true, part);
            assertEquals(1009, client.awaitCloseCode());
        }
        assertNeighbourServed();
    }

    @Test
    void socketThatStopsInTheMiddleOfItsRequestLineIsEnded() throws Exception {
        // Helidon's idle reaper, set to 1.5 x the idle timeout, ends it.
        try (SyncServer quick = SyncServer.start(TestServers.config()
                .authTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofMillis(800)).build())) {
            long ended = secondsUntilEnded(quick.port(), "GET /ws?x=");
            assertTrue(ended <= 5, "a socket stalled in its request line ended after " + ended + " s");
        }
    }

    @Test
    void socketThatStopsInTheMiddleOfItsUpgradeHeadersIsEnded() throws Exception {
        // Past the request line, Helidon's reaper no longer acts: the header deadline (the auth timeout) does.
        try (SyncServer quick = SyncServer.start(TestServers.config()
                .authTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofSeconds(60)).build())) {
            long ended = secondsUntilEnded(quick.port(), "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
            assertTrue(ended <= 3, "a socket stalled in its headers ended after " + ended + " s");
        }
    }

    /**
     * A 4xx status, or none when the server ended the socket while the request was still being
     * written (the reset then loses the response); either way no upgrade.
     */
    private static void assertRefused(String status) {
        assertTrue(status == null || status.startsWith("HTTP/1.1 4"), "refused with a 4xx status, got: " + status);
    }

    /** Sends {@code request} and returns the response's status line (null if none); the socket must then end. */
    private static String rawRequest(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException e) {
                // the server may answer and close before the whole request is written
            }
            InputStream in = socket.getInputStream();
            String status = readLine(in);
            while (readLine(in) != null) {
                // the rest of the response, up to the end of the socket
            }
            return status;
        }
    }

    /** Connects, sends {@code prefix} and waits for the server to end the socket; the seconds it took. */
    private static long secondsUntilEnded(int port, String prefix) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(prefix.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // whatever the server says before it ends the socket
                }
            } catch (SocketTimeoutException e) {
                return 30;
            } catch (SocketException e) {
                // reset: ended as well
            }
        }
        return Duration.ofNanos(System.nanoTime() - start).toSeconds();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    return line.isEmpty() ? null : line.toString();
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
        } catch (SocketException e) {
            return line.isEmpty() ? null : line.toString();
        }
        return line.toString();
    }

    private static void assertNeighbourServed() {
        try (TestClient neighbour = TestClient.authenticated(server.port(), "neighbour")) {
            neighbour.ping();
        }
    }
}
