package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static dev.syncbench.support.Msg.timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.SyncServer;
import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

class WriteE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static long now() {
        return System.currentTimeMillis();
    }

    @Test
    void opBatchGetsOneAckWithTheLastIdAndIsStored() {
        try (TestClient client = TestClient.authenticated(server.port(), "writer")) {
            client.send(Msg.opBatch(
                    Msg.put("7", "users", "u1", map("name", "Ann"), now()),
                    Msg.put("8", "users", "u2", "Bo", now()),
                    Msg.put("9", "users", "u3", 3, now())));
            Value ack = client.expect("OP_ACK");
            assertEquals("9", Msg.str(ack, "payload.lastId"));
            assertEquals("APPLIED", Msg.str(ack, "payload.achievedLevel"));
            assertNull(Msg.get(ack, "payload.results"), "results are omitted when every op succeeded");
            client.ping(); // exactly one ack: the next message is the PONG
        }
        assertEquals(map("name", "Ann"), server.store().getLww("users", "u1").value().toValue());
        assertEquals(ValueFactory.newString("Bo"), server.store().getLww("users", "u2").value().toValue());
    }

    @Test
    void clientOpIsAcknowledgedWithItsIdAndOpsWithoutIdsWithUnknown() {
        try (TestClient client = TestClient.authenticated(server.port(), "writer")) {
            client.send(map("type", "CLIENT_OP", "payload", Msg.put("op-42", "single", "k", "v", now())));
            assertEquals("op-42", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            client.send(Msg.opBatch(map("mapName", "single", "key", "k2",
                    "record", map("value", 1, "timestamp", timestamp(now(), 0, "n")))));
            assertEquals("unknown", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            client.send(Msg.opBatch());
            assertEquals("unknown", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
        }
    }

    @Test
    void anOlderWriteLosesButIsStillAcknowledged() {
        long t = now();
        try (TestClient client = TestClient.authenticated(server.port(), "writer")) {
            client.send(Msg.opBatch(Msg.put("1", "lww", "k", "newer", t)));
            client.expect("OP_ACK");
            client.send(Msg.opBatch(Msg.put("2", "lww", "k", "older", t - 1000)));
            Value ack = client.expect("OP_ACK");
            assertEquals("2", Msg.str(ack, "payload.lastId"));
            assertNull(Msg.get(ack, "payload.results"));
        }
        assertEquals(ValueFactory.newString("newer"), server.store().getLww("lww", "k").value().toValue());
    }

    @Test
    void removeStoresATombstoneThatAnOlderPutCannotUndo() {
        long t = now();
        try (TestClient client = TestClient.authenticated(server.port(), "writer")) {
            client.send(Msg.opBatch(Msg.put("1", "rm", "k", "v", t)));
            client.send(Msg.opBatch(map("id", "2", "mapName", "rm", "key", "k", "opType", "REMOVE",
                    "record", map("value", null, "timestamp", timestamp(t + 1, 0, "client-1")))));
            client.send(Msg.opBatch(Msg.put("3", "rm", "k", "stale", t)));
            client.expect("OP_ACK");
            client.expect("OP_ACK");
            client.expect("OP_ACK");
        }
        LwwRecord record = server.store().getLww("rm", "k");
        assertTrue(record.isTombstone());
        assertEquals(t + 1, record.timestamp().millis());
    }

    @Test
    void aBadOpIsRejectedAloneAndTheRestOfTheBatchApplies() {
        long t = now();
        try (TestClient client = TestClient.authenticated(server.port(), "writer")) {
            client.send(Msg.opBatch(
                    Msg.put("1", "mixed", "good-1", "a", t),
                    map("id", "2", "mapName", "mixed", "record", map("value", "x", "timestamp", timestamp(t, 0, "n"))),
                    Msg.put("3", "_topgun_internal", "k", "x", t),
                    Msg.put("4", "mixed", "future", "x", t + 3_600_000),
                    Msg.put("5", "mixed", "good-2", "b", t)));
            Value rejectedKey = client.expect("OP_REJECTED");
            assertEquals("2", Msg.str(rejectedKey, "payload.opId"));
            assertEquals(400, Msg.num(rejectedKey, "payload.code"));
            assertTrue(Msg.str(rejectedKey, "payload.reason").contains("key"));
            Value reserved = client.expect("OP_REJECTED");
            assertEquals("3", Msg.str(reserved, "payload.opId"));
            assertEquals(403, Msg.num(reserved, "payload.code"));
            Value future = client.expect("OP_REJECTED");
            assertEquals("4", Msg.str(future, "payload.opId"));
            assertEquals(400, Msg.num(future, "payload.code"));
            Value ack = client.expect("OP_ACK");
            assertEquals("5", Msg.str(ack, "payload.lastId"));
            Value results = Msg.get(ack, "payload.results");
            assertEquals(3, results.asArrayValue().size());
            Value first = results.asArrayValue().get(0);
            assertEquals("2", Msg.str(first, "opId"));
            assertFalse(Msg.get(first, "success").asBooleanValue().getBoolean());
            assertNotNull(Msg.str(first, "error"));
        }
        assertNotNull(server.store().getLww("mixed", "good-1"));
        assertNotNull(server.store().getLww("mixed", "good-2"));
        assertNull(server.store().getLww("mixed", "future"));
        assertNull(server.store().getLww("_topgun_internal", "k"));
    }

    @Test
    void aValueOverTheSizeLimitIsRejectedWith413() {
        try (SyncServer small = SyncServer.start(TestServers.config().maxValueBytes(64).build());
             TestClient client = TestClient.authenticated(small.port(), "writer")) {
            client.send(Msg.opBatch(Msg.put("1", "big", "k", "x".repeat(100), now())));
            assertEquals(413, Msg.num(client.expect("OP_REJECTED"), "payload.code"));
            client.expect("OP_ACK");
            assertNull(small.store().getLww("big", "k"));
        }
    }

    @Test
    void orAddKeepsTheClientTagAndOrRemoveTombstonesIt() {
        long t = now();
        String tag = t + ":0:client-1";
        try (TestClient client = TestClient.authenticated(server.port(), "writer")) {
            client.send(Msg.opBatch(map("id", "1", "mapName", "tags", "key", "post-1", "opType", "OR_ADD",
                    "orRecord", map("value", "red", "timestamp", timestamp(t, 0, "client-1"), "tag", tag))));
            client.expect("OP_ACK");
            OrMapEntry added = server.store().getOr("tags", "post-1");
            assertEquals(tag, added.records().iterator().next().tag());
            client.send(Msg.opBatch(map("id", "2", "mapName", "tags", "key", "post-1", "opType", "OR_REMOVE", "orTag", tag)));
            client.expect("OP_ACK");
            client.send(Msg.opBatch(map("id", "3", "mapName", "tags", "key", "post-1", "opType", "OR_ADD",
                    "orRecord", map("value", "red", "timestamp", timestamp(t, 0, "client-1"), "tag", tag))));
            client.expect("OP_ACK");
        }
        OrMapEntry entry = server.store().getOr("tags", "post-1");
        assertTrue(entry.records().isEmpty(), "a removed tag never comes back");
        assertTrue(entry.isTombstoned(tag));
    }

    @Test
    void fiveHundredPipelinedBatchesAreAcknowledgedInOrder() {
        try (TestClient client = TestClient.authenticated(server.port(), "pipeliner")) {
            for (int i = 1; i <= 500; i++) {
                client.send(Msg.opBatch(Msg.put(String.valueOf(i), "pipe", "k" + i, i, now())));
            }
            for (int i = 1; i <= 500; i++) {
                assertEquals(String.valueOf(i), Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            }
        }
        for (int i = 1; i <= 500; i++) {
            assertNotNull(server.store().getLww("pipe", "k" + i));
        }
    }

    @Test
    void twoHundredConcurrentConnectionsLoseNothing() throws Exception {
        int connections = 200;
        int batches = 20;
        int batchSize = 10;
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int conn = c;
            done.add(pool.submit(() -> {
                try (TestClient client = TestClient.authenticated(server.port(), "load-user-" + conn)) {
                    int seq = 0;
                    for (int b = 0; b < batches; b++) {
                        Value[] ops = new Value[batchSize];
                        for (int i = 0; i < batchSize; i++) {
                            seq++;
                            ops[i] = map("id", String.valueOf(seq), "mapName", "bench", "key", "conn-" + conn + "-" + seq,
                                    "record", map("value", map("v", seq), "timestamp", timestamp(now(), seq, "bench-" + conn)));
                        }
                        client.send(map("type", "OP_BATCH", "payload", map("ops", list((Object[]) ops))));
                        assertEquals(String.valueOf(seq), Msg.str(client.expect("OP_ACK"), "payload.lastId"));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.close();
        for (int c = 0; c < connections; c++) {
            for (int seq = 1; seq <= batches * batchSize; seq++) {
                LwwRecord record = server.store().getLww("bench", "conn-" + c + "-" + seq);
                assertNotNull(record, "lost conn-" + c + "-" + seq);
                assertEquals(map("v", seq), record.value().toValue());
            }
        }
    }
}
