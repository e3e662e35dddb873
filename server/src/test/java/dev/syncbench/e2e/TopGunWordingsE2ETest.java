package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/**
 * Strings TopGun's clients show their users, sent in TopGun's exact words where this server meets
 * the same situation (reference features, appendix). The hybrid-search texts are checked where
 * their situations are set up: SearchWithoutEmbeddingsE2ETest, HybridSearchE2ETest,
 * HttpEmbeddingE2ETest; the BATCH item cap and the rate limit in DecodeLimitsE2ETest.
 */
class TopGunWordingsE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void sqlQueryGetsTopGunsFeatureDisabledAnswer() {
        try (TestClient client = TestClient.authenticated(server.port(), "analyst")) {
            client.send(map("type", "SQL_QUERY", "payload", map("sql", "SELECT * FROM users", "queryId", "sql-1")));
            Value response = client.expect("SQL_QUERY_RESP");
            assertEquals("sql-1", Msg.str(response, "payload.queryId"));
            assertEquals("SQL is not available: this server was built without the datafusion feature",
                    Msg.str(response, "payload.error"));
            assertEquals("FEATURE_DISABLED", Msg.str(response, "payload.code"));
            assertEquals(0, Msg.get(response, "payload.columns").asArrayValue().size());
            assertEquals(0, Msg.get(response, "payload.rows").asArrayValue().size());
            client.ping();
        }
    }

    @Test
    void aWriteToAReservedMapIsDeniedInTopGunsWords() {
        try (TestClient client = TestClient.authenticated(server.port(), "writer")) {
            client.send(Msg.opBatch(Msg.put("7", "_topgun_internal", "k", "x", System.currentTimeMillis())));
            Value rejected = client.expect("OP_REJECTED");
            assertEquals(403, Msg.num(rejected, "payload.code"));
            assertEquals("write access denied for map: _topgun_internal", Msg.str(rejected, "payload.reason"));
            Value result = Msg.get(client.expect("OP_ACK"), "payload.results").asArrayValue().get(0);
            assertEquals("write access denied for map: _topgun_internal", Msg.str(result, "error"));
            assertNull(server.store().getLww("_topgun_internal", "k"));
        }
    }
}
