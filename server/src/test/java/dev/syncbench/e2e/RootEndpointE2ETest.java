package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncbench.support.Msg;
import dev.syncbench.support.RawWebSocket;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/**
 * TopGun's partition map advertises {@code ws://host:port}, without {@code /ws}, so a cluster-aware
 * client opens its connections at {@code /}: the same protocol, the same limits, the same data.
 */
class RootEndpointE2ETest {
    private static final int MAX_FRAME = 64 * 1024;
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(config -> config.maxFrameBytes(MAX_FRAME));

    @Test
    void aClientAtTheRootPathAuthenticatesWritesAndIsSeenByAClientAtWs() {
        try (TestClient atRoot = TestClient.connectAt(server.port(), "/");
             TestClient atWs = TestClient.authenticated(server.port(), "reader")) {
            atRoot.expect("AUTH_REQUIRED");
            atRoot.send(map("type", "AUTH", "token", Tokens.valid("writer")));
            atRoot.expect("AUTH_ACK");
            atWs.send(map("type", "QUERY_SUB", "payload", map("queryId", "q", "mapName", "root-map", "query", map())));
            atWs.expect("QUERY_RESP");

            atRoot.send(Msg.opBatch(Msg.put("1", "root-map", "k", map("from", "root"), System.currentTimeMillis())));
            assertEquals("1", Msg.str(atRoot.expect("OP_ACK"), "payload.lastId"));
            Value update = nextOf(atWs, "QUERY_UPDATE");
            assertEquals("k", Msg.str(update, "payload.key"));
            assertEquals("root", Msg.str(update, "payload.value.from"));
        }
    }

    @Test
    void theRootPathHasTheFrameLimitOfWs() throws Exception {
        try (TestClient neighbour = TestClient.authenticated(server.port(), "neighbour");
             RawWebSocket client = new RawWebSocket(server.port(), "/")) {
            client.authenticate("big-sender");
            client.sendBinaryFrameHeader(MAX_FRAME * 2L, new byte[] {(byte) 0x82});
            assertEquals(1009, client.awaitCloseCode());
            neighbour.ping();
        }
    }

    /** The next message of {@code type}, skipping the SERVER_EVENTs a watcher also gets. */
    private static Value nextOf(TestClient client, String type) {
        while (true) {
            Value message = client.next();
            if (type.equals(Msg.type(message))) {
                return message;
            }
        }
    }
}
