package dev.syncbench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.ServerConfig;
import dev.syncbench.SyncServer;
import dev.syncbench.store.StoreOpenException;
import dev.syncbench.support.Msg;
import dev.syncbench.support.TcpProxy;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestPostgres;
import dev.syncbench.support.TestServers;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.value.Value;

/**
 * When the durable log cannot be written, writes get ERROR 503 and never an OP_ACK; writes
 * arriving meanwhile are refused before anything is applied; when the cause goes away the server
 * writes what it kept in memory and takes writes again, and a restart finds every acknowledged
 * write. Real conditions: a full tmpfs, a PostgreSQL connection cut at the network.
 */
class StorageFailureE2ETest {
    private static final long RECOVERY_WAIT_MILLIS = 30_000;

    @TempDir
    Path dir;

    private static Value batch(String prefix, int size, String value) {
        long now = System.currentTimeMillis();
        List<Value> ops = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ops.add(Msg.put(prefix + "-" + i, "m", prefix + "-" + i, value, now));
        }
        return Msg.opBatch(ops.toArray(Value[]::new));
    }

    /** Sends a batch and returns the reply that ends it: OP_ACK, or an ERROR. */
    private static Value write(TestClient client, String prefix, int size, String value) {
        client.send(batch(prefix, size, value));
        return client.next();
    }

    private static void assertUnavailable(Value reply) {
        assertEquals("ERROR", Msg.type(reply), "expected ERROR 503, got " + reply);
        assertEquals(503, Msg.num(reply, "payload.code"), reply::toString);
    }

    /** Writes until one batch is acknowledged, within the recovery wait. */
    private static String awaitWritesAccepted(TestClient client, Map<String, Integer> acked, int size, String value)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + RECOVERY_WAIT_MILLIS;
        for (int attempt = 0; System.currentTimeMillis() < deadline; attempt++) {
            String prefix = "after-" + attempt;
            Value reply = write(client, prefix, size, value);
            if ("OP_ACK".equals(Msg.type(reply))) {
                acked.put(prefix, size);
                return prefix;
            }
            assertUnavailable(reply);
            Thread.sleep(200);
        }
        throw new AssertionError("writes were not accepted again within " + RECOVERY_WAIT_MILLIS + " ms");
    }

    private static void assertAllPresent(SyncServer server, Map<String, Integer> batches) {
        batches.forEach((prefix, size) -> {
            for (int i = 0; i < size; i++) {
                assertNotNull(server.store().getLww("m", prefix + "-" + i), "lost " + prefix + "-" + i);
            }
        });
    }

    @Test
    void aFullDiskGetsError503NeverAnAckAndWritesResumeWhenSpaceReturns() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mounting.waitFor(10, TimeUnit.SECONDS) && mounting.exitValue() == 0,
                "mounting a small tmpfs needs root: " + new String(mounting.getInputStream().readAllBytes()));
        try {
            Path filler = mount.resolve("filler");
            try (RandomAccessFile file = new RandomAccessFile(filler.toFile(), "rw")) {
                file.write(new byte[6 * 1024 * 1024]);
            }
            ServerConfig config = TestServers.config().storageBackend("rocksdb")
                    .dataDir(mount.resolve("data").toString()).build();
            String value = "x".repeat(16 * 1024);
            Map<String, Integer> acked = new LinkedHashMap<>();
            String failed = null;
            try (SyncServer server = SyncServer.start(config);
                 TestClient client = TestClient.authenticated(server.port(), "writer")) {
                for (int i = 0; i < 400 && failed == null; i++) {
                    Value reply = write(client, "b" + i, 10, value);
                    if ("OP_ACK".equals(Msg.type(reply))) {
                        acked.put("b" + i, 10);
                    } else {
                        assertUnavailable(reply);
                        failed = "b" + i;
                    }
                }
                assertNotNull(failed, "the disk never filled up");
                assertTrue(acked.size() > 3, "some writes were acknowledged before the disk filled: " + acked.size());

                Value refused = write(client, "refused", 10, value);
                assertUnavailable(refused);
                assertTrue(Msg.str(refused, "payload.message").contains("nothing was applied"), refused::toString);
                assertNull(server.store().getLww("m", "refused-0"), "a refused write is not applied");

                Files.delete(filler);
                awaitWritesAccepted(client, acked, 10, value);
                acked.put(failed, 10); // kept in memory, written once the disk had room again
            }
            try (SyncServer restarted = SyncServer.start(config)) {
                assertAllPresent(restarted, acked);
                assertNull(restarted.store().getLww("m", "refused-0"));
            }
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnreachableDatabaseAtStartIsAClearError() throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ServerConfig config = TestServers.config().storageBackend("postgres")
                .databaseUrl("postgres://nobody:secret@127.0.0.1:" + closedPort + "/nothing").build();
        StoreOpenException e = assertThrows(StoreOpenException.class, () -> SyncServer.start(config));
        assertTrue(e.getMessage().startsWith("cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort),
                e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), "no password in messages: " + e.getMessage());
    }

    @Test
    void aDatabaseLostWhileRunningGetsError503AndTheServerRecoversWhenItReturns() throws Exception {
        TestPostgres.requireEmpty();
        var settings = TestPostgres.settings();
        var target = java.net.URI.create(settings.jdbcUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort())) {
            String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath()
                    + "?user=" + settings.user() + "&password=" + settings.password();
            ServerConfig config = TestServers.config().storageBackend("postgres").databaseUrl(viaProxy).build();
            Map<String, Integer> acked = new LinkedHashMap<>();
            try (SyncServer server = SyncServer.start(config);
                 TestClient client = TestClient.authenticated(server.port(), "writer")) {
                assertEquals("OP_ACK", Msg.type(write(client, "before", 10, "v")));
                acked.put("before", 10);

                proxy.cut();
                Value lost = write(client, "during", 10, "v");
                assertUnavailable(lost);
                Value refused = write(client, "refused", 10, "v");
                assertUnavailable(refused);
                assertNull(server.store().getLww("m", "refused-0"), "a refused write is not applied");

                proxy.restore();
                awaitWritesAccepted(client, acked, 10, "v");
                acked.put("during", 10); // kept in memory, written once the database was back
            }
            try (SyncServer restarted = SyncServer.start(config)) {
                assertAllPresent(restarted, acked);
                assertNull(restarted.store().getLww("m", "refused-0"));
            }
        }
    }
}
