package dev.syncbench.e2e;

import static dev.syncbench.e2e.QueryE2ETest.write;
import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/**
 * A server without an embedding provider (the default): semantic requests get the explicit error
 * of reference §2.3, never an empty success, while the exact and full-text legs work.
 */
class SearchWithoutEmbeddingsE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void aSemanticRequestIsAnsweredWithTheNoProviderError() {
        try (TestClient client = TestClient.authenticated(server.port(), "c")) {
            write(client, "plain", "p1", map("title", "Rust database"));
            client.send(map("type", "HYBRID_SEARCH", "payload", map("requestId", "h", "mapName", "plain",
                    "queryText", "rust", "methods", list("fullText", "semantic"), "k", 5)));
            Value resp = client.expect("HYBRID_SEARCH_RESP");
            assertEquals("no embedding provider configured for semantic search", Msg.str(resp, "payload.error"));
            assertEquals(0, Msg.get(resp, "payload.results").asArrayValue().size());
        }
    }

    @Test
    void exactAndFullTextLegsWorkWithoutAProvider() {
        try (TestClient client = TestClient.authenticated(server.port(), "c")) {
            write(client, "plain2", "p1", map("title", "Rust database", "kind", "db"));
            write(client, "plain2", "p2", map("title", "Soup", "kind", "food"));
            client.send(map("type", "HYBRID_SEARCH", "payload", map("requestId", "h", "mapName", "plain2",
                    "queryText", "rust", "methods", list("exact", "fullText"), "k", 5,
                    "predicate", map("op", "eq", "attribute", "kind", "value", "food"))));
            Value resp = client.expect("HYBRID_SEARCH_RESP");
            assertNull(Msg.get(resp, "payload.error"));
            assertEquals(List.of("p1", "p2"), HybridSearchE2ETest.keys(resp).stream().sorted().toList());
        }
    }

    @Test
    void aVectorSearchSaysTheMapHasNoVectorIndex() {
        try (TestClient client = TestClient.authenticated(server.port(), "c")) {
            client.send(map("type", "VECTOR_SEARCH", "payload", map("id", "v", "mapName", "plain",
                    "queryVector", new byte[16], "k", 3)));
            Value resp = client.expect("VECTOR_SEARCH_RESP");
            assertEquals("no vector index on map plain", Msg.str(resp, "payload.error"));
            assertEquals(0, Msg.get(resp, "payload.results").asArrayValue().size());
        }
    }
}
