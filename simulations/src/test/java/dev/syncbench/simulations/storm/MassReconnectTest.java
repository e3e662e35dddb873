package dev.syncbench.simulations.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.ServerConfig;
import dev.syncbench.SyncServer;
import dev.syncbench.simulations.wire.Tokens;
import io.helidon.config.Config;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MassReconnectTest {
    private static final Map<String, String> ACKED = Map.of("k-0", "while-away-0", "k-1", "while-away-0");
    private static final String SECRET = "mass-reconnect-secret";

    @Test
    void aSnapshotHoldingEveryAckedRecordLacksNothing() {
        assertNull(MassReconnect.lacking(ACKED, Map.of("k-0", "while-away-0", "k-1", "while-away-0", "k-9", "old")));
    }

    @Test
    void aMissingRecordOrAnOlderValueIsNamed() {
        assertEquals("1 records missing, 0 with another value (k-1 missing)",
                MassReconnect.lacking(ACKED, Map.of("k-0", "while-away-0")));
        assertEquals("0 records missing, 1 with another value (k-1 = before, not while-away-0)",
                MassReconnect.lacking(ACKED, new TreeMap<>(Map.of("k-0", "while-away-0", "k-1", "before"))));
    }

    @Test
    void everySubscriberOfARealServerComesBackWithEveryRecordWrittenWhileItWasAway() {
        SyncServer server = SyncServer.start(ServerConfig.builder(Config.create())
                .host("127.0.0.1").port(0).jwtSecret(SECRET).storageBackend("memory").build());
        try {
            URI url = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            MassReconnect.Result result = MassReconnect.run(url, new Tokens(SECRET), "reconnect-test", 40, 120);
            assertEquals(40, result.subscribedBefore(), result.openFailures().toString());
            assertEquals(120, result.recordsAcked(), result.writeFailures().toString());
            assertEquals(40, result.reconnected(), result.reconnectFailures().toString());
            assertEquals(0, result.incompleteSnapshots(), result.incompleteExamples().toString());
            assertEquals(40, result.handshakeUs().getTotalCount());
            assertTrue(result.allResyncedSecs() >= result.allAuthenticatedSecs() && result.allAuthenticatedSecs() > 0,
                    result.allAuthenticatedSecs() + " / " + result.allResyncedSecs());
        } finally {
            server.close();
        }
    }
}
