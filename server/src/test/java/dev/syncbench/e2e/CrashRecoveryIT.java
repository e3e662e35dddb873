package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.support.Msg;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestPostgres;
import dev.syncbench.support.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.value.Value;

/**
 * The packaged server, killed with SIGKILL in the middle of fire-and-wait writes at seeded
 * moments and restarted on the same data, has every write it acknowledged, with its value and
 * timestamp, and a client's Merkle sync converges; a SIGTERM restart loses nothing either. Run
 * against RocksDB and PostgreSQL. {@code -Dcrash.seed=N} replays a failing run.
 */
class CrashRecoveryIT {
    private static final String MAP = "crash";
    private static final int WRITERS = 8;
    private static final int BATCH = 10;
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    private record Acked(String value, long millis, long counter) {
    }

    @Test
    void rocksdbKeepsEveryAcknowledgedWriteThroughKillsAndARestart() throws Exception {
        crashAndCheck(Map.of("STORAGE_BACKEND", "rocksdb", "DATA_DIR", dir.resolve("data").toString()));
    }

    @Test
    void rocksdbWithFsyncKeepsEveryAcknowledgedWriteThroughKillsAndARestart() throws Exception {
        crashAndCheck(Map.of("STORAGE_BACKEND", "rocksdb", "STORAGE_SYNC", "fsync", "DATA_DIR", dir.resolve("data").toString()));
    }

    @Test
    void postgresKeepsEveryAcknowledgedWriteThroughKillsAndARestart() throws Exception {
        TestPostgres.requireEmpty();
        crashAndCheck(Map.of("STORAGE_BACKEND", "postgres", "DATABASE_URL", TestPostgres.databaseUrl()));
    }

    private void crashAndCheck(Map<String, String> env) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, Acked> acked = new ConcurrentHashMap<>();
        try {
            for (int round = 0; round <= KILLS; round++) {
                Process server = launch(env, round);
                try {
                    int port = awaitPort(server);
                    checkEveryAckedWriteIsThere(port, acked);
                    AtomicBoolean stop = new AtomicBoolean();
                    List<Thread> writers = new ArrayList<>();
                    for (int w = 0; w < WRITERS; w++) {
                        String prefix = "r" + round + "-w" + w;
                        long writerSeed = random.nextLong();
                        writers.add(Thread.ofVirtual().start(() -> write(port, prefix, writerSeed, stop, acked)));
                    }
                    Thread.sleep(300 + random.nextInt(1200));
                    int ackedBefore = acked.size();
                    if (round < KILLS) {
                        server.destroyForcibly(); // SIGKILL, mid-write
                    } else {
                        server.destroy(); // SIGTERM: a graceful stop
                    }
                    assertTrue(server.waitFor(30, TimeUnit.SECONDS), "server did not exit");
                    stop.set(true);
                    for (Thread writer : writers) {
                        writer.join(TimeUnit.SECONDS.toMillis(30));
                    }
                    assertTrue(ackedBefore > 0, "round " + round + ": nothing was acknowledged before the stop");
                } finally {
                    server.destroyForcibly();
                }
            }
            Process server = launch(env, KILLS + 1);
            try {
                checkEveryAckedWriteIsThere(awaitPort(server), acked);
            } finally {
                server.destroyForcibly();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (AssertionError | Exception e) {
            throw new AssertionError("crash test failed with seed " + seed + " (replay with -Dcrash.seed=" + seed
                    + "; server logs in " + dir + "): " + e.getMessage(), e);
        }
    }

    /** Fire-and-wait batches until the server goes away; records what was acknowledged. */
    private static void write(int port, String prefix, long seed, AtomicBoolean stop, Map<String, Acked> acked) {
        Random random = new Random(seed);
        try (TestClient client = TestClient.authenticated(port, prefix)) {
            for (int n = 0; !stop.get(); n++) {
                Map<String, Acked> batch = new HashMap<>();
                List<Value> ops = new ArrayList<>();
                long millis = System.currentTimeMillis();
                for (int i = 0; i < BATCH; i++) {
                    String key = prefix + "-" + n + "-" + i;
                    Acked record = new Acked("v" + random.nextInt(1_000_000), millis, n);
                    batch.put(key, record);
                    ops.add(map("id", key, "mapName", MAP, "key", key, "record", map("value", record.value(),
                            "timestamp", Msg.timestamp(record.millis(), record.counter(), "crash-client"))));
                }
                client.send(Msg.opBatch(ops.toArray(Value[]::new)));
                Value reply = client.nextUnlessClosed();
                if (reply == null) {
                    return;
                }
                if (!"OP_ACK".equals(Msg.type(reply)) || Msg.get(reply, "payload.results") != null) {
                    throw new AssertionError("unexpected reply to a batch: " + reply);
                }
                acked.putAll(batch);
            }
        } catch (RuntimeException ended) {
            // the server was killed while this writer was sending or connecting
        }
    }

    private static void checkEveryAckedWriteIsThere(int port, Map<String, Acked> acked) {
        try (TestClient client = TestClient.authenticated(port, "checker")) {
            MerkleSyncClient replica = new MerkleSyncClient(client, MAP, MAP + "-or");
            replica.syncLww();
            int missing = 0;
            String example = null;
            for (Map.Entry<String, Acked> entry : acked.entrySet()) {
                MerkleSyncClient.Rec rec = replica.lww.get(entry.getKey());
                Acked expected = entry.getValue();
                boolean same = rec != null && rec.value().isStringValue()
                        && rec.value().asStringValue().asString().equals(expected.value())
                        && rec.millis() == expected.millis() && rec.counter() == expected.counter()
                        && rec.nodeId().equals("crash-client");
                if (!same) {
                    missing++;
                    example = entry.getKey() + " expected " + expected + " found " + rec;
                }
            }
            assertEquals(0, missing, missing + " of " + acked.size() + " acknowledged writes lost or changed, e.g. " + example);
            assertEquals(1, replica.syncLww(), "after one sync the client's root equals the server's");
        }
    }

    private Process launch(Map<String, String> env, int round) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = System.getProperty("syncbench.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no server jar at " + jar + " (run through 'mvn verify')");
        }
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar, "--port", "0", "--host", "127.0.0.1")
                .redirectError(dir.resolve("server-" + round + ".log").toFile());
        builder.environment().remove("PORT");
        builder.environment().put("JWT_SECRET", Tokens.SECRET);
        builder.environment().putAll(env);
        return builder.start();
    }

    private static int awaitPort(Process process) throws IOException {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = stdout.readLine();
        assertTrue(line != null && line.matches("PORT=\\d+"), "first stdout line was " + line);
        return Integer.parseInt(line.substring("PORT=".length()));
    }
}
