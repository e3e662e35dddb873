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
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as users start it: {@code java -jar syncbench-server.jar} in its own JVM, configured
 * by flags and environment. Runs after packaging (failsafe), against the shaded jar itself.
 */
class ServerJarIT {

    /** Each test's own data directory for the jar's default store (RocksDB). */
    @TempDir
    static Path dataDirs;

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
        builder.environment().remove("STORAGE_BACKEND");
        builder.environment().remove("TOPGUN_NO_AUTH");
        builder.environment().remove("AUTH_DISABLED");
        builder.environment().put("DATA_DIR", dataDirs.resolve("data-" + System.nanoTime()).toString());
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
    void topgunsNoAuthVariableRunsWithoutAuthenticationAndServesTheRootPath() throws Exception {
        // as TopGun's own cluster tests start their servers: no secret, TOPGUN_NO_AUTH=true, clients at ws://host:port
        Process process = launch(Map.of("TOPGUN_NO_AUTH", "true", "STORAGE_BACKEND", "memory"),
                "--port", "0", "--host", "127.0.0.1");
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            assertTrue(line != null && line.matches("PORT=\\d+"), "first stdout line was " + line);
            int port = Integer.parseInt(line.substring("PORT=".length()));
            try (TestClient client = TestClient.connectAt(port, "/")) {
                // no AUTH_REQUIRED: the first answer is the write's ack
                client.send(Msg.opBatch(Msg.put("1", "m", "k", "v", System.currentTimeMillis())));
                client.expect("OP_ACK");
            }
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
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

    @Test
    void aSecondServerOnTheSameDataDirectoryExitsWithOneClearLine() throws Exception {
        String data = dataDirs.resolve("shared").toString();
        Process first = launch(Map.of("JWT_SECRET", "s", "DATA_DIR", data), "--port", "0", "--host", "127.0.0.1");
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(stdout.readLine().startsWith("PORT="));
            Process second = launch(Map.of("JWT_SECRET", "s", "DATA_DIR", data), "--port", "0", "--host", "127.0.0.1");
            assertTrue(second.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, second.exitValue());
            String stderr = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(stderr.contains("syncbench-server: DATA_DIR ") && stderr.contains("is in use by another process"), stderr);
            assertEquals("", new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(first.isAlive(), "the first server keeps running");
        } finally {
            first.destroy();
            first.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnreachableDatabaseExitsWithOneClearLine() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Process process = launch(Map.of("JWT_SECRET", "s", "STORAGE_BACKEND", "postgres",
                "DATABASE_URL", "postgres://u:p@127.0.0.1:" + closed + "/db"), "--port", "0");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue());
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("syncbench-server: cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:" + closed), stderr);
    }
}
