package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.ServerConfig;
import dev.syncbench.SyncServer;
import dev.syncbench.support.Msg;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestPostgres;
import dev.syncbench.support.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msgpack.value.Value;

/**
 * What the protocol keeps survives a restart of the server on a durable store: LWW records with
 * their timestamps and TTLs, tombstones, OR-Map tags and tombstoned tags, counters; every map's
 * Merkle roots are the same before and after.
 */
class RestartE2ETest {

    @TempDir
    Path dir;

    private ServerConfig config(String backend) {
        ServerConfig.Builder builder = TestServers.config().storageBackend(backend);
        return backend.equals("rocksdb") ? builder.dataDir(dir.resolve("data").toString()).build()
                : builder.databaseUrl(TestPostgres.databaseUrl()).build();
    }

    private static Value orAdd(String id, String key, String value, String tag, long millis) {
        return map("id", id, "mapName", "tags", "key", key, "opType", "OR_ADD",
                "orRecord", map("value", value, "timestamp", Msg.timestamp(millis, 0, "client-1"), "tag", tag));
    }

    private static Value orRemove(String id, String key, String tag) {
        return map("id", id, "mapName", "tags", "key", key, "opType", "OR_REMOVE", "orTag", tag);
    }

    private static Value remove(String id, String key, long millis) {
        return map("id", id, "mapName", "notes", "key", key, "opType", "REMOVE",
                "record", map("value", null, "timestamp", Msg.timestamp(millis, 0, "client-1")));
    }

    private static Value putWithTtl(String id, String key, String value, long millis, long ttlMs) {
        return map("id", id, "mapName", "notes", "key", key,
                "record", map("value", value, "timestamp", Msg.timestamp(millis, 0, "client-1"), "ttlMs", ttlMs));
    }

    /** Roots of both maps and the counter's value, as a client sees them. */
    private static List<Object> observe(TestClient client) {
        client.send(map("type", "SYNC_INIT", "mapName", "notes"));
        long lwwRoot = Msg.num(client.expect("SYNC_RESP_ROOT"), "payload.rootHash");
        client.send(map("type", "ORMAP_SYNC_INIT", "mapName", "tags", "rootHash", 0, "bucketHashes", map()));
        long orRoot = Msg.num(client.expect("ORMAP_SYNC_RESP_ROOT"), "payload.rootHash");
        client.send(map("type", "COUNTER_REQUEST", "payload", map("name", "visits")));
        double counter = Msg.counterValue(client.expect("COUNTER_RESPONSE"));
        return List.of(lwwRoot, orRoot, counter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "postgres"})
    void everyMapsMerkleRootsAndStateAreTheSameAfterARestart(String backend) {
        if (backend.equals("postgres")) {
            TestPostgres.requireEmpty();
        }
        long now = System.currentTimeMillis();
        List<Object> before;
        Map<String, MerkleSyncClient.Rec> lwwBefore;
        Map<String, MerkleSyncClient.OrState> orBefore;
        try (SyncServer server = SyncServer.start(config(backend));
             TestClient client = TestClient.authenticated(server.port(), "writer")) {
            List<Value> ops = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ops.add(Msg.put("p" + i, "notes", "k" + i, "value-" + i, now + i));
            }
            ops.add(putWithTtl("ttl", "short-lived", "soon gone", now, 60_000));
            ops.add(remove("rm", "k7", now + 1_000));
            ops.add(orAdd("a1", "doc", "x", "t1", now));
            ops.add(orAdd("a2", "doc", "y", "t2", now));
            ops.add(orRemove("r1", "doc", "t1"));
            ops.add(orRemove("r2", "other", "never-added"));
            client.send(Msg.opBatch(ops.toArray(Value[]::new)));
            client.expect("OP_ACK");
            client.send(map("type", "COUNTER_SYNC", "payload", map("name", "visits",
                    "state", map("p", map("node-a", 7), "n", map("node-a", 2)))));
            client.expect("COUNTER_UPDATE");
            before = observe(client);
            lwwBefore = MerkleSyncClient.lwwStateOf(server.store(), "notes");
            orBefore = MerkleSyncClient.orStateOf(server.store(), "tags");
        }
        try (SyncServer server = SyncServer.start(config(backend));
             TestClient client = TestClient.authenticated(server.port(), "reader")) {
            assertEquals(before, observe(client));
            assertEquals(lwwBefore, MerkleSyncClient.lwwStateOf(server.store(), "notes"));
            assertEquals(orBefore, MerkleSyncClient.orStateOf(server.store(), "tags"));
            assertTrue(server.store().getLww("notes", "k7").isTombstone());
            assertEquals(60_000L, server.store().getLww("notes", "short-lived").ttlMs());
            assertTrue(server.store().getOr("tags", "other").isTombstoned("never-added"));

            MerkleSyncClient replica = new MerkleSyncClient(client, "notes", "tags");
            replica.syncLww();
            replica.syncOr();
            assertEquals(lwwBefore, replica.lww);
            assertEquals(1, replica.syncLww(), "a second sync finds the roots equal at once");
        }
    }
}
