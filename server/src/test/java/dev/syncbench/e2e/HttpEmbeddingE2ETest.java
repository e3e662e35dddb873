package dev.syncbench.e2e;

import static dev.syncbench.e2e.QueryE2ETest.write;
import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.syncbench.SyncServer;
import dev.syncbench.search.DeterministicEmbedding;
import dev.syncbench.search.Vectors;
import dev.syncbench.support.Await;
import dev.syncbench.support.Msg;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;

/**
 * The HTTP embedding providers against a real HTTP server speaking Ollama's and OpenAI's
 * embedding APIs (it computes its vectors with the deterministic model, so results are known).
 */
class HttpEmbeddingE2ETest {
    private static final int DIMENSION = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DeterministicEmbedding MODEL = new DeterministicEmbedding(DIMENSION);

    private HttpServer modelServer;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int failWith;
    private volatile int answerDimension = DIMENSION;

    @BeforeEach
    void startModelServer() throws IOException {
        modelServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        modelServer.createContext("/api/embed", exchange -> answer(exchange, false));
        modelServer.createContext("/v1/embeddings", exchange -> answer(exchange, true));
        modelServer.start();
    }

    @AfterEach
    void stopModelServer() {
        modelServer.stop(0);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + modelServer.getAddress().getPort();
    }

    private void answer(HttpExchange exchange, boolean openai) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        requests.add(exchange.getRequestURI().getPath() + " model=" + body.path("model").asText()
                + " auth=" + exchange.getRequestHeaders().getFirst("Authorization") + " inputs=" + body.path("input").size());
        byte[] out;
        int status = failWith;
        if (status != 0) {
            out = "model not loaded".getBytes(StandardCharsets.UTF_8);
        } else {
            status = 200;
            ObjectNode root = JSON.createObjectNode();
            ArrayNode list = root.putArray(openai ? "data" : "embeddings");
            int index = 0;
            for (JsonNode input : body.path("input")) {
                float[] vector = answerDimension == DIMENSION ? MODEL.embed(input.asText()) : new float[answerDimension];
                ArrayNode numbers = openai ? list.addObject().put("index", index++).putArray("embedding") : list.addArray();
                for (float v : vector) {
                    numbers.add(v);
                }
            }
            out = root.toString().getBytes(StandardCharsets.UTF_8);
        }
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static Value hybridSemantic(TestClient client, String mapName, String text) {
        client.send(map("type", "HYBRID_SEARCH", "payload", map("requestId", "h", "mapName", mapName,
                "queryText", text, "methods", list("semantic"), "k", 3)));
        return client.expect("HYBRID_SEARCH_RESP");
    }

    private static Value vectorSearch(TestClient client, String mapName, String text) {
        client.send(map("type", "VECTOR_SEARCH", "payload", map("id", "v", "mapName", mapName,
                "queryVector", Vectors.toBytes(MODEL.embed(text)), "k", 1)));
        return client.expect("VECTOR_SEARCH_RESP");
    }

    @Test
    void ollamaEmbedsRecordsInTheBackgroundAndQueriesOnDemand() {
        try (SyncServer server = SyncServer.start(TestServers.config()
                .embedding("ollama", DIMENSION, "test-model", baseUrl(), null).build());
             TestClient client = TestClient.authenticated(server.port(), "c")) {
            write(client, "notes", "n1", map("text", "tomato soup recipe"));
            write(client, "notes", "n2", map("text", "rust compiler internals"));
            // the first search builds the index; the vectors follow from the model server
            Await.until(() -> List.of("n1").equals(HybridSearchE2ETest.keys(vectorSearch(client, "notes", "tomato soup recipe"))));
            assertEquals(List.of("n1"), HybridSearchE2ETest.keys(vectorSearch(client, "notes", "tomato soup recipe")));
            Value resp = hybridSemantic(client, "notes", "rust compiler");
            assertNull(Msg.get(resp, "payload.error"));
            assertEquals("n2", HybridSearchE2ETest.keys(resp).getFirst());
            assertTrue(requests.stream().allMatch(r -> r.startsWith("/api/embed model=test-model auth=null")), requests.toString());
        }
    }

    @Test
    void anOpenAiCompatibleServerGetsTheApiKeyAndV1Path() {
        try (SyncServer server = SyncServer.start(TestServers.config()
                .embedding("openai", DIMENSION, "text-embed", baseUrl() + "/v1", "sk-test").build());
             TestClient client = TestClient.authenticated(server.port(), "c")) {
            write(client, "notes", "n1", map("text", "tomato soup recipe"));
            write(client, "notes", "n2", map("text", "rust compiler internals"));
            Value resp = hybridSemantic(client, "notes", "rust compiler");
            assertNull(Msg.get(resp, "payload.error"));
            Await.until(() -> List.of("n2").equals(HybridSearchE2ETest.keys(vectorSearch(client, "notes", "rust compiler internals"))));
            assertEquals(List.of("n2"), HybridSearchE2ETest.keys(vectorSearch(client, "notes", "rust compiler internals")));
            assertTrue(requests.stream().allMatch(r -> r.startsWith("/v1/embeddings model=text-embed auth=Bearer sk-test")),
                    requests.toString());
        }
    }

    @Test
    void aFailingProviderIsReportedAndFullTextStillWorks() {
        try (SyncServer server = SyncServer.start(TestServers.config()
                .embedding("ollama", DIMENSION, "test-model", baseUrl(), null).build());
             TestClient client = TestClient.authenticated(server.port(), "c")) {
            write(client, "notes", "n1", map("text", "tomato soup recipe"));
            failWith = 500;
            Value failed = hybridSemantic(client, "notes", "tomato");
            String error = Msg.str(failed, "payload.error");
            assertTrue(error.startsWith("embedding failed: ") && error.contains("HTTP 500") && error.contains("model not loaded"), error);
            assertEquals(0, Msg.get(failed, "payload.results").asArrayValue().size());
            client.send(map("type", "SEARCH", "payload", map("requestId", "s", "mapName", "notes", "query", "tomato")));
            assertEquals(List.of("n1"), SearchE2ETest.keys(client.expect("SEARCH_RESP")));
        }
    }

    @Test
    void vectorsOfTheWrongDimensionAreAnEmbeddingFailure() {
        try (SyncServer server = SyncServer.start(TestServers.config()
                .embedding("ollama", DIMENSION, "test-model", baseUrl(), null).build());
             TestClient client = TestClient.authenticated(server.port(), "c")) {
            answerDimension = 3;
            String error = Msg.str(hybridSemantic(client, "notes", "tomato"), "payload.error");
            assertTrue(error.startsWith("embedding failed: ") && error.contains("dimension 3"), error);
        }
    }
}
