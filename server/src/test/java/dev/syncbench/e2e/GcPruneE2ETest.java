package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.Timestamp;
import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/**
 * After pruning tombstones the server tells syncing clients with GC_PRUNE {olderThan}; a client
 * that drops its tombstones older than that has the server's Merkle root again (issue 9, item 8).
 */
class GcPruneE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(b -> b.tombstoneRetention(Duration.ofSeconds(1)));

    private static Timestamp olderThan(Value gcPrune) {
        return new Timestamp(Msg.num(gcPrune, "payload.olderThan.millis"), Msg.num(gcPrune, "payload.olderThan.counter"),
                Msg.str(gcPrune, "payload.olderThan.nodeId"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void prunedTombstonesAreAnnouncedAndTheRootsMatchAgain() {
        String mapName = "gc-" + System.nanoTime();
        long now = System.currentTimeMillis();
        try (TestClient client = TestClient.authenticated(server.port(), "syncer")) {
            client.send(Msg.opBatch(
                    Msg.put("1", mapName, "alive", 1, now),
                    map("id", "2", "mapName", mapName, "key", "gone", "opType", "REMOVE",
                            "record", map("value", null, "timestamp", Msg.timestamp(now, 0, "client-1")))));
            client.expect("OP_ACK");
            client.send(map("type", "SYNC_INIT", "mapName", mapName));
            client.expect("SYNC_RESP_ROOT");

            // The client's tree holds the live record and the tombstone, as the server's does now.
            ClientMerkleTree withTombstone = new ClientMerkleTree();
            withTombstone.update("alive", ClientMerkleTree.lwwItemHash("alive", now, 0, "client-1"));
            withTombstone.update("gone", ClientMerkleTree.lwwItemHash("gone", now, 0, "client-1"));

            Value gcPrune = client.expect("GC_PRUNE");
            Timestamp bound = olderThan(gcPrune);
            assertTrue(new Timestamp(now, 0, "client-1").compareTo(bound) < 0, "the tombstone lies below " + bound);

            // Applying it, the client drops the tombstone (the live record stays) and matches the server.
            ClientMerkleTree pruned = new ClientMerkleTree();
            pruned.update("alive", ClientMerkleTree.lwwItemHash("alive", now, 0, "client-1"));
            client.send(map("type", "SYNC_INIT", "mapName", mapName));
            assertEquals(bound.millis(), olderThan(client.expect("GC_PRUNE")).millis(),
                    "a SYNC_INIT is preceded by the current bound");
            Value root = client.expect("SYNC_RESP_ROOT");
            assertEquals(pruned.rootHash(), Msg.num(root, "payload.rootHash"));
            assertTrue(pruned.rootHash() != withTombstone.rootHash());
        }
    }
}
