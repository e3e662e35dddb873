package dev.syncbench.e2e;

import static dev.syncbench.e2e.QueryE2ETest.describe;
import static dev.syncbench.e2e.QueryE2ETest.keys;
import static dev.syncbench.e2e.QueryE2ETest.pending;
import static dev.syncbench.e2e.QueryE2ETest.querySub;
import static dev.syncbench.e2e.QueryE2ETest.subscribe;
import static dev.syncbench.e2e.QueryE2ETest.tick;
import static dev.syncbench.e2e.QueryE2ETest.updates;
import static dev.syncbench.e2e.QueryE2ETest.write;
import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.SyncServer;
import dev.syncbench.support.Await;
import dev.syncbench.support.Msg;
import dev.syncbench.support.RawWebSocket;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestServers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/** SERVER_EVENT fan-out, writer exclusion, slow consumers, and snapshot-before-update ordering under load. */
class FanOutE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static List<Value> ofType(List<Value> messages, String type) {
        return messages.stream().filter(m -> type.equals(Msg.type(m))).toList();
    }

    @Test
    void serverEventGoesOnceToEachOtherWatchingConnectionButNotTheWriter() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient watcher = TestClient.authenticated(server.port(), "watcher");
             TestClient otherMap = TestClient.authenticated(server.port(), "other-map");
             TestClient bystander = TestClient.authenticated(server.port(), "bystander")) {
            subscribe(writer, "mine", "fan", map());
            subscribe(watcher, "q1", "fan", map());
            subscribe(watcher, "q2", "fan", map("where", map("name", "nobody")));
            subscribe(otherMap, "q", "fan-other", map());

            long t = tick();
            writer.send(Msg.opBatch(Msg.put("1", "fan", "k", map("name", "Ann"), t)));
            writer.expect("OP_ACK");

            List<Value> seen = pending(watcher);
            List<Value> events = ofType(seen, "SERVER_EVENT");
            assertEquals(1, events.size(), "one SERVER_EVENT per connection, however many queries: " + seen);
            Value event = events.getFirst();
            assertEquals("fan", Msg.str(event, "payload.mapName"));
            assertEquals("PUT", Msg.str(event, "payload.eventType"));
            assertEquals("k", Msg.str(event, "payload.key"));
            assertEquals(map("name", "Ann"), Msg.get(event, "payload.record.value"));
            assertEquals(t, Msg.num(event, "payload.record.timestamp.millis"));
            assertEquals(List.of("ENTER k"), updates(seen).stream().map(QueryE2ETest::describe).toList());

            assertEquals(List.of(), pending(writer), "the writer gets neither SERVER_EVENT nor QUERY_UPDATE of its own write");
            assertEquals(List.of(), pending(otherMap));
            assertEquals(List.of(), pending(bystander), "no query subscription, no events");

            writer.send(Msg.opBatch(map("id", "2", "mapName", "fan", "key", "k", "opType", "REMOVE")));
            writer.expect("OP_ACK");
            Value removal = ofType(pending(watcher), "SERVER_EVENT").getFirst();
            assertEquals("REMOVE", Msg.str(removal, "payload.eventType"));
            assertNull(Msg.get(removal, "payload.record"));
        }
    }

    @Test
    void aLosingWriteProducesNoEvent() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient watcher = TestClient.authenticated(server.port(), "watcher")) {
            subscribe(watcher, "q", "fan-lose", map());
            long t = tick();
            writer.send(Msg.opBatch(Msg.put("1", "fan-lose", "k", "newer", t)));
            writer.expect("OP_ACK");
            assertEquals(2, pending(watcher).size(), "SERVER_EVENT and QUERY_UPDATE of the winning write");

            writer.send(Msg.opBatch(Msg.put("2", "fan-lose", "k", "older", t - 1000)));
            writer.expect("OP_ACK");
            assertEquals(List.of(), pending(watcher));
        }
    }

    @Test
    void orMapChangesAreServerEventsOnly() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient watcher = TestClient.authenticated(server.port(), "watcher")) {
            subscribe(watcher, "q", "fan-or", map());
            writer.send(Msg.opBatch(map("id", "1", "mapName", "fan-or", "key", "tags", "orRecord",
                    map("value", "red", "timestamp", Msg.timestamp(tick(), 0, "c"), "tag", "t-1"))));
            writer.expect("OP_ACK");
            List<Value> added = pending(watcher);
            assertEquals(1, added.size(), () -> "got " + added);
            assertEquals("OR_ADD", Msg.str(added.getFirst(), "payload.eventType"));
            assertEquals("t-1", Msg.str(added.getFirst(), "payload.orTag"));
            assertEquals("red", Msg.str(added.getFirst(), "payload.orRecord.value"));

            writer.send(Msg.opBatch(map("id", "2", "mapName", "fan-or", "key", "tags", "orTag", "t-1")));
            writer.expect("OP_ACK");
            List<Value> removed = pending(watcher);
            assertEquals(1, removed.size(), () -> "got " + removed);
            assertEquals("OR_REMOVE", Msg.str(removed.getFirst(), "payload.eventType"));
            assertEquals("t-1", Msg.str(removed.getFirst(), "payload.orTag"));
        }
    }

    @Test
    void theWritersOwnWindowFollowsItsWrites() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient other = TestClient.authenticated(server.port(), "other")) {
            Value top1 = map("sort", list(map("field", "score", "direction", "desc")), "limit", 1);
            subscribe(writer, "top", "fan-own", top1);
            write(writer, "fan-own", "a", map("score", 10));
            assertEquals(List.of(), pending(writer));

            // If the writer's window had missed its own write, b would ENTER the empty window.
            write(other, "fan-own", "b", map("score", 5));
            List<Value> seen = pending(writer);
            assertEquals(1, ofType(seen, "SERVER_EVENT").size());
            assertEquals(List.of(), updates(seen));

            write(other, "fan-own", "c", map("score", 20));
            assertEquals(List.of("LEAVE a", "ENTER c"), updates(pending(writer)).stream().map(QueryE2ETest::describe).toList());
        }
    }

    /**
     * Subscriptions taken while another connection writes: each query's QUERY_RESP comes before
     * its first QUERY_UPDATE, and snapshot plus updates ends equal to a fresh snapshot.
     */
    @Test
    void snapshotComesBeforeUpdatesAndReplaysToTheFinalResultUnderConcurrentWrites() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String mapName = "fan-race";
        Value top5 = map("predicate", map("op", "gte", "attribute", "score", "value", 20),
                "sort", list(map("field", "score", "direction", "desc")), "limit", 5);
        Value all = map("predicate", map("op", "lt", "attribute", "score", "value", 50));
        int subscriptions = 8;
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Integer> writes = CompletableFuture.supplyAsync(() -> {
                int batches = 0;
                // Writes before, during and after the subscriptions.
                while (!stop.get() && batches < 2_000) {
                    List<Value> ops = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        String key = "k" + random.nextInt(30);
                        ops.add(random.nextInt(6) == 0
                                ? map("id", "x", "mapName", mapName, "key", key, "opType", "REMOVE")
                                : Msg.put("p", mapName, key, map("score", random.nextInt(100)), tick()));
                    }
                    writer.send(Msg.opBatch(ops.toArray(Value[]::new)));
                    writer.expect("OP_ACK");
                    batches++;
                }
                return batches;
            });
            Thread.sleep(50);
            for (int i = 0; i < subscriptions; i++) {
                reader.send(querySub("q" + i, mapName, i % 2 == 0 ? top5 : all));
                Thread.sleep(10);
            }
            Thread.sleep(50);
            stop.set(true);
            writes.get();
            reader.send(querySub("fresh-top", mapName, top5));
            reader.send(querySub("fresh-all", mapName, all));

            Map<String, Map<String, Value>> results = new HashMap<>();
            int snapshotsSeen = 0;
            while (snapshotsSeen < subscriptions + 2) {
                Value message = reader.next();
                String type = Msg.type(message);
                if ("QUERY_RESP".equals(type)) {
                    String id = Msg.str(message, "payload.queryId");
                    Map<String, Value> rows = new LinkedHashMap<>();
                    for (Value row : Msg.get(message, "payload.results").asArrayValue()) {
                        rows.put(Msg.str(row, "key"), Msg.get(row, "value"));
                    }
                    assertNull(results.put(id, rows), "seed " + seed + ": two snapshots for " + id);
                    snapshotsSeen++;
                } else if ("QUERY_UPDATE".equals(type)) {
                    String id = Msg.str(message, "payload.queryId");
                    Map<String, Value> rows = results.get(id);
                    assertTrue(rows != null, "seed " + seed + ": QUERY_UPDATE before QUERY_RESP for " + id);
                    String key = Msg.str(message, "payload.key");
                    if ("LEAVE".equals(Msg.str(message, "payload.changeType"))) {
                        rows.remove(key);
                    } else {
                        rows.put(key, Msg.get(message, "payload.value"));
                    }
                }
            }
            for (int i = 0; i < subscriptions; i++) {
                String fresh = i % 2 == 0 ? "fresh-top" : "fresh-all";
                assertEquals(results.get(fresh), results.get("q" + i), "seed " + seed + ": replay of q" + i);
            }
        }
    }

    /**
     * A subscriber that stops reading is closed with 1013 while the writer's acks keep coming and
     * a reading subscriber gets every event.
     */
    @Test
    void aSubscriberThatStopsReadingIsClosedAsASlowConsumer() throws Exception {
        int writes = 600;
        String bigValue = "x".repeat(32 * 1024);
        Value nothing = map("where", map("never", "matches"));
        try (SyncServer small = SyncServer.start(TestServers.config().outboundQueueFrames(64).build());
             TestClient writer = TestClient.authenticated(small.port(), "w");
             TestClient reading = TestClient.authenticated(small.port(), "reading");
             RawWebSocket stalled = new RawWebSocket(small.port())) {
            stalled.authenticate("stalled");
            stalled.send(querySub("q", "flood", nothing));
            assertEquals("QUERY_RESP", Msg.type(stalled.readMessage()));
            subscribe(reading, "q", "flood", nothing);
            assertEquals(2, small.queries().subscriptionCount());

            CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> {
                List<String> keys = new ArrayList<>();
                while (keys.size() < writes) {
                    Value event = reading.expect("SERVER_EVENT");
                    keys.add(Msg.str(event, "payload.key"));
                }
                return keys;
            });
            for (int i = 0; i < writes; i++) {
                writer.send(map("type", "CLIENT_OP", "payload", Msg.put("op" + i, "flood", "k" + i, bigValue, tick())));
                assertEquals("op" + i, Msg.str(writer.expect("OP_ACK"), "payload.lastId"));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                expected.add("k" + i);
            }
            assertEquals(expected, received.get(), "the reading subscriber gets every event, in order");

            int closeCode = stalled.awaitCloseCode();
            assertEquals(1013, closeCode, "closed as slow consumer");
            stalled.sendClose(1000);
            assertTrue(small.metrics().prometheusText().contains("\nsyncbench_slow_consumers_closed_total 1\n"),
                    "exactly one slow consumer closed");
            stalled.close();
            Await.until(() -> small.queries().subscriptionCount() <= 1);
            assertEquals(1, small.queries().subscriptionCount(), "the closed subscriber's query is released");
        }
    }
}
