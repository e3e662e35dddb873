package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /health and /metrics answer anyone who can reach the port, without authentication, so they must
 * say nothing about who connected or what they stored: no token, secret or key, no user id, map,
 * key, value, topic, lock or counter name, whatever the clients did before.
 */
class ObservabilityExposureE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void healthAndMetricsExposeNoTokenSecretOrUserData() throws Exception {
        String user = "user-private-5f0c";
        String token = Tokens.valid(user);
        String refused = "refused-token-7e21";
        List<String> sensitive = List.of(Tokens.SECRET, token, token.split("\\.")[1], token.split("\\.")[2], refused,
                user, "map-private-91a", "key-private-77", "value-private-3c", "topic-private-x", "lock-private-y",
                "counter-private-z", "query-private-q");
        try (TestClient client = TestClient.connect(server.port())) {
            client.expect("AUTH_REQUIRED");
            client.send(map("type", "AUTH", "token", token));
            client.expect("AUTH_ACK");
            client.send(Msg.opBatch(Msg.put("1", "map-private-91a", "key-private-77", "value-private-3c", System.currentTimeMillis())));
            client.expect("OP_ACK");
            client.send(map("type", "QUERY_SUB", "payload", map("queryId", "query-private-q", "mapName", "map-private-91a",
                    "query", map())));
            client.expect("QUERY_RESP");
            client.send(map("type", "TOPIC_SUB", "payload", map("topic", "topic-private-x")));
            client.send(map("type", "TOPIC_PUB", "payload", map("topic", "topic-private-x", "data", "value-private-3c")));
            client.send(map("type", "LOCK_REQUEST", "payload", map("requestId", "r1", "name", "lock-private-y")));
            client.expect("LOCK_GRANTED");
            client.send(map("type", "COUNTER_REQUEST", "payload", map("name", "counter-private-z")));
            client.expect("COUNTER_RESPONSE");
            client.send(map("type", "NOT_A_TYPE", "secretish", "value-private-3c"));
            client.expect("ERROR");
            client.ping();
        }
        try (TestClient failed = TestClient.connect(server.port())) {
            failed.expect("AUTH_REQUIRED");
            failed.send(map("type", "AUTH", "token", refused));
            failed.expect("AUTH_FAIL");
        }
        for (String path : List.of("/health", "/metrics")) {
            HttpResponse<String> response = get(path);
            assertEquals(200, response.statusCode(), path);
            for (String secret : sensitive) {
                assertFalse(response.body().contains(secret), path + " exposes " + secret);
            }
            response.headers().map().forEach((name, values) -> sensitive.forEach(secret ->
                    assertFalse(values.toString().contains(secret), path + " header " + name + " exposes " + secret)));
        }
    }

    @Test
    void metricsExposeHeapAfterGcThreadsAndConnectionsForLongRuns() throws Exception {
        System.gc(); // the embedded server shares this JVM: one collection makes the heap figure known
        try (TestClient client = TestClient.connect(server.port())) {
            client.expect("AUTH_REQUIRED");
            String body = get("/metrics").body();
            assertTrue(gauge(body, "syncbench_jvm_heap_after_gc_bytes") > 0, body);
            assertTrue(gauge(body, "syncbench_jvm_threads") > 0, body);
            assertTrue(gauge(body, "syncbench_connections_active") >= 1, body);
        }
    }

    private static long gauge(String prometheusText, String name) {
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " missing from /metrics");
    }

    @Test
    void otherPathsAnswer404WithoutDetails() throws Exception {
        for (String path : List.of("/", "/observe/metrics", "/health/details", "/metrics?user=x", "/ws/../metrics/x")) {
            HttpResponse<String> response = get(path);
            if (path.startsWith("/metrics?")) {
                assertEquals(200, response.statusCode(), path); // a query string changes nothing
                continue;
            }
            assertEquals(404, response.statusCode(), path);
            assertFalse(response.body().contains("Exception") || response.body().contains("dev.syncbench"),
                    path + " answers with internals: " + response.body());
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
