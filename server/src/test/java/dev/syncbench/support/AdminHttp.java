package dev.syncbench.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the admin HTTP API of a server under test over a real socket, as curl would. */
public final class AdminHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A status and the JSON body (null when there is none or it is not JSON). */
    public record Reply(int status, JsonNode body, String text) {
        public String message() {
            return body == null ? null : body.path("message").asText(null);
        }
    }

    private final int port;
    private final String token;

    public AdminHttp(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** An admin client with a token holding the admin role. */
    public static AdminHttp admin(int port) {
        return new AdminHttp(port, Tokens.withRoles("ops", "admin"));
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public Reply postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                // as curl does for bodies over 1 MiB (see HttpSyncE2ETest#post)
                .expectContinue(json.length() > 1024 * 1024)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Creates a policy and fails unless it is created. */
    public JsonNode createPolicy(String json) {
        Reply reply = postJson("/api/admin/policies", json);
        if (reply.status() != 201) {
            throw new AssertionError("policy not created: " + reply.status() + " " + reply.text());
        }
        return reply.body();
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                // left null: the caller asserts on the text
            }
            return new Reply(response.statusCode(), body, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
