package dev.syncbench.e2e;

import static dev.syncbench.e2e.JournalE2ETest.events;
import static dev.syncbench.e2e.JournalE2ETest.read;
import static dev.syncbench.e2e.JournalE2ETest.sequences;
import static dev.syncbench.e2e.JournalE2ETest.subscribe;
import static dev.syncbench.e2e.JournalE2ETest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncbench.ServerConfig;
import dev.syncbench.SyncServer;
import dev.syncbench.support.Msg;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestPostgres;
import dev.syncbench.support.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The journal lives in the durable store: after a restart its retained entries are readable, the
 * numbering goes on where it stopped, and the entries retention dropped are gone from disk too.
 */
class JournalRestartE2ETest {

    @TempDir
    Path dir;

    private ServerConfig config(String backend, int capacity) {
        ServerConfig.Builder builder = TestServers.config().storageBackend(backend).journalCapacity(capacity);
        return backend.equals("rocksdb") ? builder.dataDir(dir.resolve("data").toString()).build()
                : builder.databaseUrl(TestPostgres.databaseUrl()).build();
    }

    private static List<Long> readAll(TestClient client) {
        client.send(read("0", 1000, "notes"));
        return sequences(events(client.expect("JOURNAL_READ_RESPONSE")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "postgres"})
    void sequencesContinueAndRetainedEntriesAreReadableAfterARestart(String backend) {
        if (backend.equals("postgres")) {
            TestPostgres.requireEmpty();
        }
        long now = System.currentTimeMillis();
        try (SyncServer server = SyncServer.start(config(backend, 3));
             TestClient client = TestClient.authenticated(server.port(), "writer")) {
            for (int i = 1; i <= 5; i++) {
                write(client, Msg.put("p" + i, "notes", "k" + i, "v" + i, now + i));
            }
            assertEquals(List.of(3L, 4L, 5L), readAll(client));
        }
        try (SyncServer server = SyncServer.start(config(backend, 3));
             TestClient client = TestClient.authenticated(server.port(), "reader");
             TestClient watcher = TestClient.authenticated(server.port(), "watcher")) {
            client.send(read("0", 1000, "notes"));
            List<String> keys = events(client.expect("JOURNAL_READ_RESPONSE")).stream()
                    .map(e -> Msg.str(e, "key")).toList();
            assertEquals(List.of("k3", "k4", "k5"), keys);
            watcher.send(subscribe("live", null, "notes", null));
            watcher.ping();
            write(client, Msg.put("p6", "notes", "k6", "v6", now + 6));
            assertEquals("6", Msg.str(watcher.expect("JOURNAL_EVENT"), "event.sequence"));
            assertEquals(List.of(4L, 5L, 6L), readAll(client));
        }
        // A larger capacity shows what is on disk: the dropped entries were deleted, not just hidden.
        try (SyncServer server = SyncServer.start(config(backend, 100));
             TestClient client = TestClient.authenticated(server.port(), "reader")) {
            assertEquals(List.of(4L, 5L, 6L), readAll(client));
            write(client, Msg.put("p7", "notes", "k7", "v7", now + 7));
        }
        // Entries kept across restarts and capacity changes stay readable beside new ones.
        try (SyncServer server = SyncServer.start(config(backend, 100));
             TestClient client = TestClient.authenticated(server.port(), "reader")) {
            assertEquals(List.of(4L, 5L, 6L, 7L), readAll(client));
        }
        try (SyncServer server = SyncServer.start(config(backend, 2));
             TestClient client = TestClient.authenticated(server.port(), "reader")) {
            assertEquals(List.of(6L, 7L), readAll(client));
        }
        try (SyncServer server = SyncServer.start(config(backend, 100));
             TestClient client = TestClient.authenticated(server.port(), "reader")) {
            assertEquals(List.of(6L, 7L), readAll(client));
        }
    }
}
