package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static dev.syncbench.support.Msg.timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.e2e.MerkleSyncClient.OrState;
import dev.syncbench.e2e.MerkleSyncClient.Rec;
import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

class SyncE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static long now() {
        return System.currentTimeMillis();
    }

    private static Value lwwPut(String mapName, String key, Object value, long millis, long counter, String node, Long ttlMs) {
        Value record = ttlMs == null
                ? map("value", value, "timestamp", timestamp(millis, counter, node))
                : map("value", value, "timestamp", timestamp(millis, counter, node), "ttlMs", ttlMs);
        return map("mapName", mapName, "key", key, "record", record);
    }

    private static Value lwwRemove(String mapName, String key, long millis, long counter, String node) {
        return map("mapName", mapName, "key", key, "opType", "REMOVE",
                "record", map("value", null, "timestamp", timestamp(millis, counter, node)));
    }

    private static Value orAdd(String mapName, String key, String tag, Object value, long millis, String node) {
        return map("mapName", mapName, "key", key,
                "orRecord", map("value", value, "timestamp", timestamp(millis, 0, node), "tag", tag));
    }

    private static Value orRemove(String mapName, String key, String tag) {
        return map("mapName", mapName, "key", key, "orTag", tag);
    }

    private static void write(TestClient client, List<Value> ops) {
        client.send(Msg.opBatch(ops.toArray(Value[]::new)));
        Value ack = client.expect("OP_ACK");
        assertNull(Msg.get(ack, "payload.results"), "every op applies: " + ack);
    }

    @Test
    void rootOfASingleKeyIsTheTsClientsKnownVector() {
        try (TestClient client = TestClient.authenticated(server.port(), "alice")) {
            write(client, List.of(lwwPut("vector", "user:alice", "A", 1_700_000_000_000L, 0, "node-1", null)));
            client.send(map("type", "SYNC_INIT", "mapName", "vector"));
            Value root = client.expect("SYNC_RESP_ROOT");
            assertEquals("vector", Msg.str(root, "payload.mapName"));
            assertEquals(3264103690L, Msg.num(root, "payload.rootHash"));
            ClientMerkleTree tree = new ClientMerkleTree();
            tree.update("user:alice", ClientMerkleTree.lwwItemHash("user:alice", 1_700_000_000_000L, 0, "node-1"));
            assertEquals(3264103690L, tree.rootHash());
            assertEquals(server.config().nodeId(), Msg.str(root, "payload.timestamp.nodeId"));
            assertTrue(Msg.num(root, "payload.timestamp.millis") >= 1_700_000_000_000L);
        }
    }

    @Test
    void rootEqualsTheTsClientsRootForTheSameRecordsIncludingTombstones() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        long base = now() - 100_000;
        Map<String, Rec> expected = new HashMap<>();
        List<Value> ops = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String key = "k" + random.nextInt(120);
            long millis = base + random.nextInt(50_000);
            long counter = random.nextInt(3);
            String node = "node-" + random.nextInt(3);
            boolean remove = random.nextInt(4) == 0;
            ops.add(remove ? lwwRemove("roots", key, millis, counter, node)
                    : lwwPut("roots", key, i, millis, counter, node, null));
            Rec rec = new Rec(Msg.value(remove ? null : i), millis, counter, node, null);
            Rec current = expected.get(key);
            if (current == null || rec.isAfter(current)) {
                expected.put(key, rec);
            }
        }
        ClientMerkleTree tree = new ClientMerkleTree();
        expected.forEach((key, rec) -> tree.update(key, ClientMerkleTree.lwwItemHash(key, rec.millis(), rec.counter(), rec.nodeId())));
        try (TestClient client = TestClient.authenticated(server.port(), "writer")) {
            write(client, ops);
            client.send(map("type", "SYNC_INIT", "mapName", "roots", "lastSyncTimestamp", 0));
            assertEquals(tree.rootHash(), Msg.num(client.expect("SYNC_RESP_ROOT"), "payload.rootHash"), "seed " + seed);
        }
    }

    @Test
    void walkingRootBucketsAndLeavesReturnsEveryRecordIncludingTombstonesAndExpiredOnes() {
        long t = now() - 10_000;
        List<Value> ops = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ops.add(lwwPut("walk", "item-" + i, map("n", i), t, i, "w", null));
        }
        ops.add(lwwRemove("walk", "item-3", t + 1, 0, "w"));
        ops.add(map("mapName", "walk", "key", "item-4", "opType", "REMOVE")); // server-stamped tombstone
        ops.add(lwwPut("walk", "expired", "gone", t, 0, "w", 1L));
        try (TestClient writer = TestClient.authenticated(server.port(), "writer");
             TestClient reader = TestClient.authenticated(server.port(), "reader")) {
            write(writer, ops);
            MerkleSyncClient replica = new MerkleSyncClient(reader, "walk", "walk-or");
            int requests = replica.syncLww();
            assertTrue(requests > 4, "a sync from empty walks down to the leaves");
            assertEquals(MerkleSyncClient.lwwStateOf(server.store(), "walk"), replica.lww);
            assertEquals(51, replica.lww.size());
            assertTrue(replica.lww.get("item-3").value().isNilValue(), "tombstone travels");
            assertTrue(replica.lww.get("item-4").value().isNilValue(), "server-stamped tombstone travels");
            assertEquals(1L, replica.lww.get("expired").ttlMs(), "expired record travels with its ttl");
        }
    }

    @Test
    void threeReplicasConvergeAndAnUnchangedMapSyncsInOneRoundTrip() throws Exception {
        long seed = new Random().nextLong();
        long base = now() - 30_000;
        try (TestClient a = TestClient.authenticated(server.port(), "a");
             TestClient b = TestClient.authenticated(server.port(), "b");
             TestClient c = TestClient.authenticated(server.port(), "c")) {
            CompletableFuture<Void> writesA = CompletableFuture.runAsync(() -> writeRandomly(a, "A", new Random(seed), base));
            CompletableFuture<Void> writesB = CompletableFuture.runAsync(() -> writeRandomly(b, "B", new Random(seed + 1), base));
            writesA.get();
            writesB.get();

            MerkleSyncClient replica = new MerkleSyncClient(c, "conv", "conv-or");
            replica.syncLww();
            replica.syncOr();
            assertEquals(MerkleSyncClient.lwwStateOf(server.store(), "conv"), replica.lww, "LWW, seed " + seed);
            Map<String, OrState> serverOr = MerkleSyncClient.orStateOf(server.store(), "conv-or");
            assertEquals(serverOr, replica.or, "OR, seed " + seed);
            assertTrue(replica.lww.values().stream().anyMatch(r -> r.value().isNilValue()), "some keys were removed");
            assertTrue(replica.or.values().stream().anyMatch(s -> !s.tombstones().isEmpty()), "some tags were removed");

            List<String> keys = new ArrayList<>(serverOr.keySet());
            keys.add("never-written");
            List<Value> diff = replica.diff(keys);
            assertEquals(keys.size(), diff.size());
            for (int i = 0; i < keys.size(); i++) {
                assertEquals(keys.get(i), Msg.str(diff.get(i), "key"));
                OrState expected = serverOr.getOrDefault(keys.get(i), OrState.empty());
                assertEquals(expected, OrState.fromWire(diff.get(i)), "DIFF entry of " + keys.get(i));
            }

            assertEquals(1, replica.syncLww(), "unchanged LWW map: SYNC_INIT only");
            assertEquals(1, replica.syncOr(), "unchanged OR-Map: ORMAP_SYNC_INIT only");

            // One changed key: the walk follows its single path (root, 2 inner nodes, leaf).
            write(a, List.of(lwwPut("conv", "fresh", "new", now(), 0, "A", null),
                    orAdd("conv-or", "fresh", "fresh-tag", "new", now(), "A")));
            assertEquals(5, replica.syncLww());
            assertEquals(5, replica.syncOr());
            assertEquals(MerkleSyncClient.lwwStateOf(server.store(), "conv"), replica.lww);
            assertEquals(MerkleSyncClient.orStateOf(server.store(), "conv-or"), replica.or);
        }
    }

    /** Overlapping keys, timestamps interleaved with the other writer's, removes of both kinds. */
    private static void writeRandomly(TestClient client, String node, Random random, long base) {
        for (int batch = 0; batch < 10; batch++) {
            List<Value> ops = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String key = "k" + random.nextInt(40);
                long millis = base + random.nextInt(20_000);
                String tag = node + "-" + random.nextInt(10);
                ops.add(switch (random.nextInt(5)) {
                    case 0 -> lwwRemove("conv", key, millis, random.nextInt(2), node);
                    case 1, 2 -> lwwPut("conv", key, node + i, millis, random.nextInt(2), node, null);
                    case 3 -> orAdd("conv-or", key, tag, node + i, millis, node);
                    default -> orRemove("conv-or", key, random.nextBoolean() ? tag : "A-" + random.nextInt(10));
                });
            }
            write(client, ops);
        }
    }

    @Test
    void pushedOrEntriesMergeAndAreAcknowledged() {
        long t = now();
        try (TestClient client = TestClient.authenticated(server.port(), "pusher")) {
            write(client, List.of(orAdd("pushed", "k1", "old", "o", t, "s")));
            MerkleSyncClient replica = new MerkleSyncClient(client, "pushed-lww", "pushed");
            replica.syncOr(); // the server's OR tree exists from here on, so the push must update it
            Value entry = map("key", "k1",
                    "records", list(map("value", "a", "timestamp", timestamp(t, 0, "p"), "tag", "ta"),
                            map("value", "b", "timestamp", timestamp(t, 1, "p"), "tag", "tb")),
                    "tombstones", list("old", "tx"));
            client.send(map("type", "ORMAP_PUSH_DIFF", "payload", map("mapName", "pushed", "entries", list(entry))));
            Value ack = client.expect("OP_ACK");
            assertEquals("unknown", Msg.str(ack, "payload.lastId"));
            assertEquals("APPLIED", Msg.str(ack, "payload.achievedLevel"));

            OrState merged = OrState.fromWire(replica.diff(List.of("k1")).getFirst());
            assertEquals(List.of("ta", "tb"), List.copyOf(merged.records().keySet()));
            assertEquals(java.util.Set.of("old", "tx"), merged.tombstones());
            assertEquals("a", merged.records().get("ta").value().asStringValue().asString());

            assertTrue(replica.syncOr() > 1, "the push changed the OR root");
            assertEquals(MerkleSyncClient.orStateOf(server.store(), "pushed"), replica.or);
            assertEquals(1, replica.syncOr(), "the pushed state is in the OR tree");
        }
    }

    @Test
    void nodesThatDoNotExistGetEmptyReplies() {
        try (TestClient client = TestClient.authenticated(server.port(), "reader")) {
            client.send(map("type", "SYNC_INIT", "mapName", "nothing-here"));
            assertEquals(0, Msg.num(client.expect("SYNC_RESP_ROOT"), "payload.rootHash"));
            client.send(map("type", "MERKLE_REQ_BUCKET", "payload", map("mapName", "nothing-here", "path", "")));
            Value buckets = client.expect("SYNC_RESP_BUCKETS");
            assertEquals("", Msg.str(buckets, "payload.path"));
            assertTrue(Msg.get(buckets, "payload.buckets").asMapValue().map().isEmpty());
            client.send(map("type", "MERKLE_REQ_BUCKET", "payload", map("mapName", "nothing-here", "path", "abc")));
            Value leaf = client.expect("SYNC_RESP_LEAF");
            assertEquals("abc", Msg.str(leaf, "payload.path"));
            assertTrue(Msg.get(leaf, "payload.records").asArrayValue().list().isEmpty());
            client.send(map("type", "ORMAP_SYNC_INIT", "mapName", "nothing-here"));
            assertEquals(0, Msg.num(client.expect("ORMAP_SYNC_RESP_ROOT"), "payload.rootHash"));
            client.send(map("type", "ORMAP_MERKLE_REQ_BUCKET", "payload", map("mapName", "nothing-here", "path", "0f")));
            assertTrue(Msg.get(client.expect("ORMAP_SYNC_RESP_BUCKETS"), "payload.buckets").asMapValue().map().isEmpty());
            client.send(map("type", "ORMAP_MERKLE_REQ_BUCKET", "payload", map("mapName", "nothing-here", "path", "0f0")));
            assertTrue(Msg.get(client.expect("ORMAP_SYNC_RESP_LEAF"), "payload.entries").asArrayValue().list().isEmpty());
        }
    }

    @Test
    void aBucketPathThatIsNotShortLowercaseHexIsRefusedAndTheConnectionStaysOpen() {
        try (TestClient client = TestClient.authenticated(server.port(), "reader")) {
            for (String type : List.of("MERKLE_REQ_BUCKET", "ORMAP_MERKLE_REQ_BUCKET")) {
                for (String path : List.of("xyz", "ABC", "0123", "a/b")) {
                    client.send(map("type", type, "payload", map("mapName", "m", "path", path)));
                    Value error = client.expect("ERROR");
                    assertEquals(400, Msg.num(error, "payload.code"));
                    assertTrue(Msg.str(error, "payload.message").contains("\"" + path + "\""), error.toString());
                }
            }
            client.ping();
        }
    }

    @Test
    void pushingToAReservedMapIsForbiddenAndChangesNothing() {
        Value entry = map("key", "k", "records",
                list(map("value", 1, "timestamp", timestamp(now(), 0, "p"), "tag", "t")), "tombstones", list());
        try (TestClient client = TestClient.authenticated(server.port(), "pusher")) {
            for (String reserved : List.of("_topgun_internal", "__topgun_meta")) {
                client.send(map("type", "ORMAP_PUSH_DIFF", "payload", map("mapName", reserved, "entries", list(entry))));
                Value error = client.expect("ERROR");
                assertEquals(403, Msg.num(error, "payload.code"));
                assertNull(server.store().getOr(reserved, "k"));
            }
            client.send(map("type", "SYNC_INIT", "mapName", "_topgun_internal"));
            assertEquals(403, Msg.num(client.expect("ERROR"), "payload.code"));
            client.ping();
        }
    }

    @Test
    void aPushedRecordTooFarInTheFutureIsRefusedWithNothingApplied() {
        Value good = map("key", "good", "records",
                list(map("value", 1, "timestamp", timestamp(now(), 0, "p"), "tag", "t1")), "tombstones", list());
        Value late = map("key", "late", "records",
                list(map("value", 1, "timestamp", timestamp(now() + 600_000, 0, "p"), "tag", "t2")), "tombstones", list());
        try (TestClient client = TestClient.authenticated(server.port(), "pusher")) {
            client.send(map("type", "ORMAP_PUSH_DIFF", "payload", map("mapName", "drift", "entries", list(good, late))));
            Value error = client.expect("ERROR");
            assertEquals(400, Msg.num(error, "payload.code"));
            assertNull(server.store().getOr("drift", "good"));
            assertNotEquals(null, Msg.str(error, "payload.message"));
        }
    }
}
