package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.syncbench.ServerConfig;
import dev.syncbench.SyncServer;
import dev.syncbench.support.Msg;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestPostgres;
import dev.syncbench.support.TestServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msgpack.value.Value;

/** Indexes live in memory: after a restart on a durable store, the first search rebuilds a map's index from its records. */
class SearchRestartE2ETest {
    @TempDir
    Path dir;

    private ServerConfig config(String backend) {
        ServerConfig.Builder builder = TestServers.config().storageBackend(backend);
        return backend.equals("rocksdb") ? builder.dataDir(dir.resolve("data").toString()).build()
                : builder.databaseUrl(TestPostgres.databaseUrl()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "postgres"})
    void theFirstSearchAfterARestartFindsWhatWasWrittenBefore(String backend) {
        if (backend.equals("postgres")) {
            TestPostgres.requireEmpty();
        }
        long now = System.currentTimeMillis();
        try (SyncServer server = SyncServer.start(config(backend));
             TestClient client = TestClient.authenticated(server.port(), "writer")) {
            client.send(Msg.opBatch(
                    Msg.put("1", "library", "b1", map("title", "Moby Dick", "about", "a whale hunt"), now),
                    Msg.put("2", "library", "b2", map("title", "Whale songs", "about", "ocean recordings"), now),
                    Msg.put("3", "library", "b3", map("title", "Gone", "about", "a whale too"), now),
                    map("id", "4", "mapName", "library", "key", "b3", "opType", "REMOVE",
                            "record", map("value", null, "timestamp", Msg.timestamp(now + 1, 0, "c")))));
            client.expect("OP_ACK");
        }
        try (SyncServer server = SyncServer.start(config(backend));
             TestClient client = TestClient.authenticated(server.port(), "reader")) {
            assertFalse(server.search().isIndexed("library"), "nothing is indexed before someone searches");
            client.send(map("type", "SEARCH", "payload", map("requestId", "r", "mapName", "library", "query", "whale")));
            Value resp = client.expect("SEARCH_RESP");
            assertEquals(Set.of("b1", "b2"), Set.copyOf(SearchE2ETest.keys(resp)), "the removed b3 stays gone");
            client.send(map("type", "SEARCH", "payload", map("requestId", "r2", "mapName", "library", "query", "ocean")));
            assertEquals(List.of("b2"), SearchE2ETest.keys(client.expect("SEARCH_RESP")));
        }
    }
}
