package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/** TTL expiry drives live queries (issue 9, item 7), seen by a real subscriber. */
class TtlExpiryE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static Value put(String id, String mapName, String key, int score, long millis, Long ttlMs) {
        Value record = ttlMs == null
                ? map("value", map("score", score), "timestamp", Msg.timestamp(millis, 0, "client-1"))
                : map("value", map("score", score), "timestamp", Msg.timestamp(millis, 0, "client-1"), "ttlMs", ttlMs);
        return map("id", id, "mapName", mapName, "key", key, "record", record);
    }

    private static Value querySub(String queryId, String mapName, Value query) {
        return map("type", "QUERY_SUB", "payload", map("queryId", queryId, "mapName", mapName, "query", query));
    }

    /** The next QUERY_UPDATEs as key:changeType, skipping SERVER_EVENTs. */
    private static List<String> updates(TestClient client, int count) {
        List<String> seen = new ArrayList<>();
        while (seen.size() < count) {
            Value v = client.next();
            if ("QUERY_UPDATE".equals(Msg.type(v))) {
                seen.add(Msg.str(v, "payload.key") + ":" + Msg.str(v, "payload.changeType"));
            }
        }
        return seen;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anExpiringRowLeavesTheTopNWindowAndTheNextOneEnters() {
        String mapName = "ttl-top-" + System.nanoTime();
        long now = System.currentTimeMillis();
        try (TestClient writer = TestClient.authenticated(server.port(), "writer");
             TestClient subscriber = TestClient.authenticated(server.port(), "subscriber")) {
            writer.send(Msg.opBatch(
                    put("1", mapName, "short-lived", 3, now, 700L),
                    put("2", mapName, "steady", 2, now, null),
                    put("3", mapName, "third", 1, now, null)));
            writer.expect("OP_ACK");
            subscriber.send(querySub("top2", mapName,
                    map("sort", Msg.list(map("field", "score", "direction", "desc")), "limit", 2)));
            Value resp = subscriber.expect("QUERY_RESP");
            assertEquals(2, Msg.get(resp, "payload.results").asArrayValue().size());
            assertEquals("short-lived", Msg.str(Msg.get(resp, "payload.results").asArrayValue().get(0), "key"));

            assertEquals(List.of("short-lived:LEAVE", "third:ENTER"), updates(subscriber, 2));
            subscriber.ping();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLiveWriteWithATtlLeavesWhenItExpires() {
        String mapName = "ttl-live-" + System.nanoTime();
        try (TestClient writer = TestClient.authenticated(server.port(), "writer");
             TestClient subscriber = TestClient.authenticated(server.port(), "subscriber")) {
            subscriber.send(querySub("all", mapName, map()));
            subscriber.expect("QUERY_RESP");
            writer.send(Msg.opBatch(put("1", mapName, "k", 1, System.currentTimeMillis(), 500L)));
            writer.expect("OP_ACK");
            assertEquals(List.of("k:ENTER", "k:LEAVE"), updates(subscriber, 2));
        }
    }

    @Test
    void aTtlNearTwoToTheSixtyThreeNeverExpires() {
        String mapName = "ttl-huge-" + System.nanoTime();
        try (TestClient writer = TestClient.authenticated(server.port(), "writer");
             TestClient subscriber = TestClient.authenticated(server.port(), "subscriber")) {
            writer.send(Msg.opBatch(put("1", mapName, "forever", 1, System.currentTimeMillis(), Long.MAX_VALUE - 1)));
            writer.expect("OP_ACK");
            subscriber.send(querySub("all", mapName, map()));
            Value resp = subscriber.expect("QUERY_RESP");
            assertEquals(1, Msg.get(resp, "payload.results").asArrayValue().size(), resp.toString());
        }
    }
}
