package dev.syncbench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncbench.SyncServer;
import dev.syncbench.support.Await;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestServers;
import org.junit.jupiter.api.Test;

class ConnectionLifecycleE2ETest {

    @Test
    void anAbortedConnectionIsReleased() {
        try (SyncServer server = TestServers.start()) {
            TestClient dropped = TestClient.authenticated(server.port(), "dropped");
            try (TestClient kept = TestClient.authenticated(server.port(), "kept")) {
                assertEquals(2, server.metrics().connectionsActive());
                dropped.close(); // abort: no close frame, the TCP connection just goes
                awaitActive(server, 1);
                kept.ping();
            }
            awaitActive(server, 0);
        }
    }

    private static void awaitActive(SyncServer server, long expected) {
        Await.until(() -> server.metrics().connectionsActive() == expected);
        assertEquals(expected, server.metrics().connectionsActive());
    }
}
