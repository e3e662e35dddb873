package dev.syncbench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.support.Msg;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server as users start it: {@code java -jar syncbench-server.jar} in its own JVM, configured
 * by flags and environment. Runs after packaging (failsafe), against the shaded jar itself.
 */
class ServerJarIT {

    private static Process launch(Map<String, String> env, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = System.getProperty("syncbench.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no server jar at " + jar + " (run through 'mvn verify')");
        }
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JWT_SECRET");
        builder.environment().remove("PORT");
        builder.environment().putAll(env);
        return builder.start();
    }

    @Test
    void printsItsPortServesHealthMetricsAndWebSocketAndShutsDownGracefullyOnSigterm() throws Exception {
        Process process = launch(Map.of("JWT_SECRET", Tokens.SECRET), "--port", "0", "--host", "127.0.0.1", "--node-id", "proc-node");
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            assertTrue(line != null && line.matches("PORT=\\d+"), "first stdout line was " + line);
            int port = Integer.parseInt(line.substring("PORT=".length()));

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("UP"));

            TestClient client = TestClient.authenticated(port, "proc-user");
            client.send(Msg.opBatch(Msg.put("1", "m", "k", "v", System.currentTimeMillis())));
            client.expect("OP_ACK");

            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("syncbench_ops_applied_total 1"), metrics);
            assertTrue(metrics.contains("syncbench_acks_total 1"), metrics);
            assertTrue(metrics.contains("syncbench_batch_latency_us{quantile=\"0.5\"}"), metrics);

            process.destroy(); // SIGTERM
            assertEquals(1001, client.awaitClose());
            assertEquals("server shutting down", client.closeReason());
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "server did not exit after SIGTERM");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void refusesToStartWithoutAJwtSecret() throws Exception {
        Process process = launch(Map.of(), "--port", "0");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("JWT_SECRET is not set"), stderr);
        assertEquals("", new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void rejectsAnUnknownFlagWithUsage() throws Exception {
        Process process = launch(Map.of("JWT_SECRET", "s"), "--prot", "0");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("unknown argument '--prot'") && stderr.contains("usage:"), stderr);
    }

    @Test
    void takesThePortFromTheEnvironment() throws Exception {
        int free;
        try (var socket = new java.net.ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        Process process = launch(Map.of("JWT_SECRET", "s", "PORT", String.valueOf(free)), "--host", "127.0.0.1");
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("PORT=" + free, stdout.readLine());
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
