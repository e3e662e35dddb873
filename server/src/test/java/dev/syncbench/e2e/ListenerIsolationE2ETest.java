package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/**
 * A change listener's failure never reaches the writer (issue 9, item 1): whatever a subscriber's
 * query does with a value, the writer's batch applies in full and is acknowledged, and every
 * other watcher gets its events.
 */
class ListenerIsolationE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static Value querySub(String queryId, String mapName, Value query) {
        return map("type", "QUERY_SUB", "payload", map("queryId", queryId, "mapName", mapName, "query", query));
    }

    /** Every frame until (and including) the first that satisfies {@code last}. */
    private static List<Value> until(TestClient client, java.util.function.Predicate<Value> last) {
        List<Value> seen = new ArrayList<>();
        Value v;
        do {
            v = client.next();
            seen.add(v);
        } while (!last.test(v));
        return seen;
    }

    private static boolean isEventFor(Value v, String key) {
        return "SERVER_EVENT".equals(Msg.type(v)) && key.equals(Msg.str(v, "payload.key"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aValueThatCannotBeReadNeitherHalfAppliesTheBatchNorStarvesWatchers() {
        String mapName = "unreadable-" + System.nanoTime();
        long now = System.currentTimeMillis();
        try (TestClient watcher = TestClient.authenticated(server.port(), "watcher");
             TestClient writer = TestClient.authenticated(server.port(), "writer")) {
            watcher.send(querySub("q-all", mapName, map()));
            watcher.expect("QUERY_RESP");

            writer.send(Msg.opBatch(
                    Msg.put("1", mapName, "k1", Msg.unreadableValue(), now),
                    Msg.put("2", mapName, "k2", map("ok", true), now)));
            List<Value> replies = until(writer, v -> "OP_ACK".equals(Msg.type(v)));
            Value ack = replies.getLast();
            assertEquals("2", Msg.str(ack, "payload.lastId"), "the batch is acknowledged: " + replies);
            boolean k1Rejected = replies.stream().anyMatch(v -> "OP_REJECTED".equals(Msg.type(v)));
            for (Value reply : replies) {
                assertFalse("ERROR".equals(Msg.type(reply)), "the writer gets no ERROR: " + replies);
            }
            // Either the value is refused where it enters, or it is stored: never half of the batch.
            assertEquals(!k1Rejected, server.store().getLww(mapName, "k1") != null);
            assertNotNull(server.store().getLww(mapName, "k2"), "the rest of the batch applied");
            writer.ping();

            // The watcher hears of both changes, keeps its query, and the readable row enters it;
            // a value that cannot be read matches no query.
            List<Value> seen = until(watcher, v -> "QUERY_UPDATE".equals(Msg.type(v))
                    && "k2".equals(Msg.str(v, "payload.key")));
            assertTrue(seen.stream().anyMatch(v -> isEventFor(v, "k2")), seen.toString());
            assertTrue(seen.stream().noneMatch(v -> "ERROR".equals(Msg.type(v))), seen.toString());
            assertEquals("ENTER", Msg.str(seen.getLast(), "payload.changeType"));
            assertTrue(seen.stream().noneMatch(v -> "QUERY_UPDATE".equals(Msg.type(v))
                    && "k1".equals(Msg.str(v, "payload.key"))), seen.toString());
            watcher.ping();

            // A later subscriber gets its snapshot (with the readable row only), then live updates.
            try (TestClient late = TestClient.authenticated(server.port(), "late")) {
                late.send(querySub("q-late", mapName, map()));
                Value answer = late.expect("QUERY_RESP");
                assertEquals(1, Msg.get(answer, "payload.results").asArrayValue().size(), answer.toString());
                writer.send(Msg.opBatch(Msg.put("3", mapName, "k3", 1, now + 1)));
                writer.expect("OP_ACK");
                until(late, v -> "QUERY_UPDATE".equals(Msg.type(v)) && "k3".equals(Msg.str(v, "payload.key")));
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBacktrackingRegexOnAHugeValueNeitherDropsTheWriterNorLosesTheBatch() {
        String mapName = "regex-" + System.nanoTime();
        long now = System.currentTimeMillis();
        String noMatch = "ab".repeat(20_000);
        Value regexQuery = map("predicate", map("op", "regex", "attribute", "text", "value", "(a|b)*c"));
        try (TestClient subscriber = TestClient.authenticated(server.port(), "regex-fan");
             TestClient bystander = TestClient.authenticated(server.port(), "bystander");
             TestClient writer = TestClient.authenticated(server.port(), "writer")) {
            subscriber.send(querySub("q-regex", mapName, regexQuery));
            subscriber.expect("QUERY_RESP");
            bystander.send(querySub("q-any", mapName, map()));
            bystander.expect("QUERY_RESP");

            writer.send(Msg.opBatch(
                    Msg.put("1", mapName, "big", map("text", noMatch), now),
                    // within this regex's input bound (65,536 / weight 7 characters), so evaluated
                    Msg.put("2", mapName, "big-match", map("text", "ab".repeat(4_000) + "c"), now),
                    Msg.put("3", mapName, "small", map("text", "xyz"), now)));
            Value ack = writer.expect("OP_ACK");
            assertEquals("3", Msg.str(ack, "payload.lastId"));
            assertNull(Msg.get(ack, "payload.results"), "every op applied");
            writer.ping();
            for (String key : List.of("big", "big-match", "small")) {
                assertNotNull(server.store().getLww(mapName, key), key);
            }

            // The regex subscriber gets exactly the matching row, correctly evaluated.
            List<Value> seen = new ArrayList<>(until(subscriber, v -> isEventFor(v, "small")));
            // A query still opening when the writes land replays them after its QUERY_RESP, so its
            // QUERY_UPDATE may follow the SERVER_EVENTs, which go out at once.
            if (seen.stream().noneMatch(v -> "QUERY_UPDATE".equals(Msg.type(v)))) {
                seen.addAll(until(subscriber, v -> "QUERY_UPDATE".equals(Msg.type(v))));
            }
            List<String> entered = seen.stream()
                    .filter(v -> "QUERY_UPDATE".equals(Msg.type(v)))
                    .map(v -> Msg.str(v, "payload.key") + ":" + Msg.str(v, "payload.changeType"))
                    .toList();
            assertEquals(List.of("big-match:ENTER"), entered, "the subscriber saw " + seen);
            assertTrue(seen.stream().noneMatch(v -> "ERROR".equals(Msg.type(v))), seen.toString());
            // And the bystander got every event.
            until(bystander, v -> "QUERY_UPDATE".equals(Msg.type(v)) && "small".equals(Msg.str(v, "payload.key")));
            bystander.ping();
            subscriber.ping();
        }
    }
}
