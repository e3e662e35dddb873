package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** QUERY_SUB / QUERY_RESP / QUERY_UPDATE / QUERY_UNSUB over real WebSockets (PROTOCOL.md §6). */
class QueryE2ETest {
    private static final AtomicLong CLOCK = new AtomicLong(System.currentTimeMillis());
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    /** Strictly increasing timestamps near now, so each write wins over the one before. */
    static long tick() {
        return CLOCK.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    }

    static void write(TestClient writer, String mapName, String key, Object value) {
        writer.send(Msg.opBatch(Msg.put("w", mapName, key, value, tick())));
        writer.expect("OP_ACK");
    }

    static void remove(TestClient writer, String mapName, String key) {
        writer.send(Msg.opBatch(map("id", "r", "mapName", mapName, "key", key, "opType", "REMOVE")));
        writer.expect("OP_ACK");
    }

    static Value querySub(String queryId, String mapName, Value query) {
        return map("type", "QUERY_SUB", "payload", map("queryId", queryId, "mapName", mapName, "query", query));
    }

    static Value subscribe(TestClient client, String queryId, String mapName, Value query) {
        client.send(querySub(queryId, mapName, query));
        Value resp = client.expect("QUERY_RESP");
        assertEquals(queryId, Msg.str(resp, "payload.queryId"));
        return resp;
    }

    static List<String> keys(Value resp) {
        List<String> keys = new ArrayList<>();
        for (Value row : Msg.get(resp, "payload.results").asArrayValue()) {
            keys.add(Msg.str(row, "key"));
        }
        return keys;
    }

    static Value valueOf(Value resp, String key) {
        for (Value row : Msg.get(resp, "payload.results").asArrayValue()) {
            if (key.equals(Msg.str(row, "key"))) {
                return Msg.get(row, "value");
            }
        }
        throw new AssertionError("no row " + key + " in " + resp);
    }

    static boolean hasMore(Value resp) {
        Value v = Msg.get(resp, "payload.hasMore");
        return v != null && v.isBooleanValue() && v.asBooleanValue().getBoolean();
    }

    /** The next QUERY_UPDATE, after the SERVER_EVENT every change sends to a watching connection first. */
    static Value nextUpdate(TestClient client) {
        Value next = client.next();
        while ("SERVER_EVENT".equals(Msg.type(next))) {
            next = client.next();
        }
        if (!"QUERY_UPDATE".equals(Msg.type(next))) {
            throw new AssertionError("expected QUERY_UPDATE but got " + next);
        }
        return next;
    }

    /** Everything up to a PONG: what was queued for the client before the ping. */
    static List<Value> pending(TestClient client) {
        client.send(map("type", "PING", "timestamp", 1));
        List<Value> all = new ArrayList<>();
        for (Value v = client.next(); !"PONG".equals(Msg.type(v)); v = client.next()) {
            all.add(v);
        }
        return all;
    }

    static List<Value> updates(List<Value> messages) {
        return messages.stream().filter(m -> "QUERY_UPDATE".equals(Msg.type(m))).toList();
    }

    static String describe(Value update) {
        return Msg.str(update, "payload.changeType") + " " + Msg.str(update, "payload.key");
    }

    static Value person(String name, int age, String city) {
        return map("name", name, "age", age, "city", city);
    }

    private static void seedPeople(TestClient writer, String mapName) {
        write(writer, mapName, "ann", person("Ann", 31, "Oslo"));
        write(writer, mapName, "bob", person("Bob", 17, "Oslo"));
        write(writer, mapName, "cy", person("Cy", 45, "Rome"));
        write(writer, mapName, "dee", person("Dee", 25, "Rome"));
    }

    @Test
    void snapshotWithWhereReturnsExactMatchesOnly() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            seedPeople(writer, "q-where");
            Value resp = subscribe(reader, "q1", "q-where", map("where", map("city", "Oslo")));
            assertEquals(List.of("ann", "bob"), keys(resp).stream().sorted().toList());
            assertEquals(person("Ann", 31, "Oslo"), valueOf(resp, "ann"));
            assertEquals("none", Msg.str(resp, "payload.cursorStatus"));
            assertFalse(hasMore(resp));
        }
    }

    @Test
    void snapshotWithPredicateAndSort() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            seedPeople(writer, "q-pred");
            Value query = map("predicate", map("op", "gte", "attribute", "age", "value", 25),
                    "sort", list(map("field", "age", "direction", "desc")));
            assertEquals(List.of("cy", "ann", "dee"), keys(subscribe(reader, "q1", "q-pred", query)));
        }
    }

    @Test
    void snapshotLeavesOutTombstonesAndExpiredRecords() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            seedPeople(writer, "q-live");
            remove(writer, "q-live", "bob");
            // Written a minute ago with a 1 s TTL: already expired.
            writer.send(Msg.opBatch(map("id", "t", "mapName", "q-live", "key", "old",
                    "record", map("value", person("Old", 99, "Oslo"),
                            "timestamp", Msg.timestamp(System.currentTimeMillis() - 60_000, 0, "c"), "ttlMs", 1000))));
            writer.expect("OP_ACK");
            assertEquals(List.of("ann", "cy", "dee"), keys(subscribe(reader, "q1", "q-live", map())).stream().sorted().toList());
        }
    }

    @Test
    void limitSetsHasMoreAndTheCursorPagesOn() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            for (int i = 1; i <= 5; i++) {
                write(writer, "q-page", "s" + i, map("score", i * 10));
            }
            Value sort = list(map("field", "score", "direction", "desc"));
            Value first = subscribe(reader, "p1", "q-page", map("sort", sort, "limit", 2));
            assertEquals(List.of("s5", "s4"), keys(first));
            assertTrue(hasMore(first));
            String cursor = Msg.str(first, "payload.nextCursor");
            assertNotNull(cursor);

            Value second = subscribe(reader, "p2", "q-page", map("sort", sort, "limit", 2, "cursor", cursor));
            assertEquals("valid", Msg.str(second, "payload.cursorStatus"));
            assertEquals(List.of("s3", "s2"), keys(second));
            assertTrue(hasMore(second));

            Value third = subscribe(reader, "p3", "q-page", map("sort", sort, "limit", 2,
                    "cursor", Msg.str(second, "payload.nextCursor")));
            assertEquals(List.of("s1"), keys(third));
            assertFalse(hasMore(third));
            assertNull(Msg.get(third, "payload.nextCursor"));
        }
    }

    @Test
    void forgedCursorsAndCursorsOfAnotherQueryAreInvalid() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            for (int i = 1; i <= 4; i++) {
                write(writer, "q-cursor", "s" + i, map("score", i));
            }
            Value asc = list(map("field", "score", "direction", "asc"));
            String cursor = Msg.str(subscribe(reader, "c1", "q-cursor", map("sort", asc, "limit", 2)), "payload.nextCursor");
            assertNotNull(cursor);

            Value forged = subscribe(reader, "c2", "q-cursor", map("sort", asc, "limit", 2, "cursor", "eyJrIjoxfQ.AAAA"));
            assertEquals("invalid", Msg.str(forged, "payload.cursorStatus"));
            assertEquals(List.of("s1", "s2"), keys(forged), "an invalid cursor is ignored");

            Value desc = list(map("field", "score", "direction", "desc"));
            Value other = subscribe(reader, "c3", "q-cursor", map("sort", desc, "limit", 2, "cursor", cursor));
            assertEquals("invalid", Msg.str(other, "payload.cursorStatus"));
            assertEquals(List.of("s4", "s3"), keys(other));

            String tampered = cursor.charAt(0) == 'A' ? "B" + cursor.substring(1) : "A" + cursor.substring(1);
            Value edited = subscribe(reader, "c4", "q-cursor", map("sort", asc, "limit", 2, "cursor", tampered));
            assertEquals("invalid", Msg.str(edited, "payload.cursorStatus"));
        }
    }

    @Test
    void fieldsProjectSnapshotAndLiveValues() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            write(writer, "q-fields", "ann", person("Ann", 31, "Oslo"));
            reader.send(map("type", "QUERY_SUB", "payload", map("queryId", "f", "mapName", "q-fields",
                    "query", map(), "fields", list("name", "age"))));
            Value resp = reader.expect("QUERY_RESP");
            assertEquals(map("name", "Ann", "age", 31), valueOf(resp, "ann"));

            write(writer, "q-fields", "bob", person("Bob", 17, "Rome"));
            Value enter = nextUpdate(reader);
            assertEquals("ENTER", Msg.str(enter, "payload.changeType"));
            assertEquals(map("name", "Bob", "age", 17), Msg.get(enter, "payload.value"));
        }
    }

    @Test
    void liveUpdatesEnterUpdateAndLeave() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            Value adults = map("predicate", map("op", "gte", "attribute", "age", "value", 18));
            assertEquals(List.of(), keys(subscribe(reader, "live", "q-live-upd", adults)));

            write(writer, "q-live-upd", "ann", person("Ann", 31, "Oslo"));
            Value enter = nextUpdate(reader);
            assertEquals("live", Msg.str(enter, "payload.queryId"));
            assertEquals("ann", Msg.str(enter, "payload.key"));
            assertEquals("ENTER", Msg.str(enter, "payload.changeType"));
            assertEquals(person("Ann", 31, "Oslo"), Msg.get(enter, "payload.value"));

            write(writer, "q-live-upd", "ann", person("Ann", 32, "Oslo"));
            Value update = nextUpdate(reader);
            assertEquals("UPDATE", Msg.str(update, "payload.changeType"));
            assertEquals(person("Ann", 32, "Oslo"), Msg.get(update, "payload.value"));

            write(writer, "q-live-upd", "bob", person("Bob", 17, "Oslo"));
            assertEquals(List.of(), updates(pending(reader)), "a non-matching write is no QUERY_UPDATE");

            write(writer, "q-live-upd", "ann", person("Ann", 12, "Oslo"));
            Value leave = nextUpdate(reader);
            assertEquals("LEAVE", Msg.str(leave, "payload.changeType"));
            Value nil = Msg.get(leave, "payload.value");
            assertNotNull(nil, "LEAVE carries value nil, not an absent value");
            assertTrue(nil.isNilValue());

            write(writer, "q-live-upd", "cy", person("Cy", 40, "Rome"));
            assertEquals("ENTER", Msg.str(nextUpdate(reader), "payload.changeType"));
            remove(writer, "q-live-upd", "cy");
            Value removed = nextUpdate(reader);
            assertEquals("LEAVE cy", describe(removed));
        }
    }

    @Test
    void topNWindowDisplacementSendsLeaveThenEnter() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            write(writer, "q-top", "a", map("score", 10));
            write(writer, "q-top", "b", map("score", 20));
            write(writer, "q-top", "c", map("score", 30));
            Value top2 = map("sort", list(map("field", "score", "direction", "desc")), "limit", 2);
            Value resp = subscribe(reader, "top", "q-top", top2);
            assertEquals(List.of("c", "b"), keys(resp));

            write(writer, "q-top", "d", map("score", 25));
            assertEquals(List.of("LEAVE b", "ENTER d"), updates(pending(reader)).stream().map(QueryE2ETest::describe).toList());

            write(writer, "q-top", "e", map("score", 5));
            assertEquals(List.of(), updates(pending(reader)), "a row ranking outside the window is not sent");

            remove(writer, "q-top", "c");
            assertEquals(List.of("LEAVE c", "ENTER b"), updates(pending(reader)).stream().map(QueryE2ETest::describe).toList(),
                    "a freed slot pulls the best row outside the window back in");
        }
    }

    @Test
    void unsubscribeStopsUpdatesWithoutReply() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            subscribe(reader, "u", "q-unsub", map());
            write(writer, "q-unsub", "k1", 1);
            assertEquals(1, updates(pending(reader)).size());

            reader.send(map("type", "QUERY_UNSUB", "payload", map("queryId", "u")));
            reader.ping(); // the UNSUB has no reply: the PONG shows it was handled before the next write
            write(writer, "q-unsub", "k2", 2);
            assertEquals(List.of(), pending(reader), "no reply to UNSUB, and no events once the last query on the map is gone");
        }
    }

    @Test
    void queryIdsAreScopedToTheirConnection() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient one = TestClient.authenticated(server.port(), "one");
             TestClient two = TestClient.authenticated(server.port(), "two")) {
            write(writer, "q-scope", "oslo", person("Ann", 31, "Oslo"));
            write(writer, "q-scope", "rome", person("Cy", 45, "Rome"));
            assertEquals(List.of("oslo"), keys(subscribe(one, "same", "q-scope", map("where", map("city", "Oslo")))));
            assertEquals(List.of("rome"), keys(subscribe(two, "same", "q-scope", map("where", map("city", "Rome")))));

            write(writer, "q-scope", "oslo2", person("Di", 20, "Oslo"));
            write(writer, "q-scope", "rome2", person("Ed", 22, "Rome"));
            assertEquals(List.of("ENTER oslo2"), updates(pending(one)).stream().map(QueryE2ETest::describe).toList());
            assertEquals(List.of("ENTER rome2"), updates(pending(two)).stream().map(QueryE2ETest::describe).toList());

            two.send(map("type", "QUERY_UNSUB", "payload", map("queryId", "same")));
            two.ping(); // the UNSUB has no reply: the PONG shows it was handled before the next write
            write(writer, "q-scope", "oslo3", person("Fi", 20, "Oslo"));
            assertEquals(List.of("ENTER oslo3"), updates(pending(one)).stream().map(QueryE2ETest::describe).toList(),
                    "another connection's UNSUB of the same id leaves this one alone");
        }
    }

    @Test
    void resubscribingWithTheSameIdReplacesTheQuery() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            subscribe(reader, "q", "q-replace", map("where", map("city", "Oslo")));
            subscribe(reader, "q", "q-replace", map("where", map("city", "Rome")));
            write(writer, "q-replace", "a", person("Ann", 31, "Oslo"));
            write(writer, "q-replace", "c", person("Cy", 45, "Rome"));
            assertEquals(List.of("ENTER c"), updates(pending(reader)).stream().map(QueryE2ETest::describe).toList());
        }
    }

    @Test
    void disconnectReleasesEverySubscription() throws Exception {
        try (SyncServer own = TestServers.start();
             RawWebSocket reader = new RawWebSocket(own.port())) {
            reader.authenticate("r");
            for (String[] sub : new String[][] {{"a", "m1"}, {"b", "m1"}, {"c", "m2"}}) {
                reader.send(querySub(sub[0], sub[1], map()));
                assertEquals("QUERY_RESP", Msg.type(reader.readMessage()));
            }
            assertEquals(3, own.queries().subscriptionCount());
            assertEquals(2, own.queries().watchedMapCount());
            reader.sendClose(1000);
            Await.until(() -> own.queries().subscriptionCount() == 0 && own.queries().watchedMapCount() == 0);
            assertEquals(0, own.queries().subscriptionCount());
            assertEquals(0, own.queries().watchedMapCount());
        }
    }

    @Test
    void droppingTheSocketWithoutACloseFrameAlsoReleases() throws Exception {
        try (SyncServer own = TestServers.start()) {
            TestClient reader = TestClient.authenticated(own.port(), "r");
            subscribe(reader, "a", "m1", map());
            subscribe(reader, "b", "m2", map());
            assertEquals(2, own.queries().subscriptionCount());
            reader.close();
            Await.until(() -> own.queries().subscriptionCount() == 0 && own.queries().watchedMapCount() == 0);
            assertEquals(0, own.queries().subscriptionCount());
            assertEquals(0, own.queries().watchedMapCount());
        }
    }

    @Test
    void unsubscribeBringsTheCountBackToZero() {
        try (SyncServer own = TestServers.start();
             TestClient reader = TestClient.authenticated(own.port(), "r")) {
            subscribe(reader, "a", "m1", map());
            subscribe(reader, "a", "m1", map());
            assertEquals(1, own.queries().subscriptionCount(), "the same id replaces, it does not add");
            reader.send(map("type", "QUERY_UNSUB", "payload", map("queryId", "a")));
            reader.send(map("type", "QUERY_UNSUB", "payload", map("queryId", "never-subscribed")));
            reader.ping();
            assertEquals(0, own.queries().subscriptionCount());
            assertEquals(0, own.queries().watchedMapCount());
        }
    }

    @Test
    void invalidQueriesGetError400AndRegisterNothing() {
        try (SyncServer own = TestServers.start();
             TestClient writer = TestClient.authenticated(own.port(), "w");
             TestClient reader = TestClient.authenticated(own.port(), "r")) {
            List<Value> bad = List.of(
                    map("predicate", map("op", "frobnicate", "attribute", "age", "value", 1)),
                    map("sort", map("age", "desc")),
                    map("sort", list(map("field", "age")), "limit", 0),
                    map("sort", list(map("field", "age")), "limit", -3));
            for (Value query : bad) {
                reader.send(querySub("bad", "q-bad", query));
                Value error = reader.expect("ERROR");
                assertEquals(400, Msg.num(error, "payload.code"), () -> "for " + query);
                assertNotNull(Msg.str(error, "payload.message"));
                assertEquals(0, own.queries().subscriptionCount(), () -> "registered " + query);
            }
            List<Value> badFrames = List.of(
                    map("type", "QUERY_SUB", "payload", map("queryId", "bad", "mapName", "q-bad", "query", list())),
                    map("type", "QUERY_SUB", "payload", map("mapName", "q-bad", "query", map())),
                    map("type", "QUERY_SUB", "payload", map("queryId", "bad", "query", map())));
            for (Value frame : badFrames) {
                reader.send(frame);
                Value error = reader.expect("ERROR");
                assertEquals(400, Msg.num(error, "payload.code"), () -> "for " + frame);
                assertEquals(0, own.queries().subscriptionCount(), () -> "registered " + frame);
            }
            write(writer, "q-bad", "k", 1);
            assertEquals(List.of(), pending(reader), "no subscription, so no events");
        }
    }

    @Test
    void aFailedResubscribeKeepsTheEarlierSubscription() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            subscribe(reader, "keep", "q-keep", map());
            reader.send(querySub("keep", "q-keep", map("limit", 0)));
            reader.expect("ERROR");
            write(writer, "q-keep", "k", ValueFactory.newString("v"));
            assertEquals(List.of("ENTER k"), updates(pending(reader)).stream().map(QueryE2ETest::describe).toList());
        }
    }
}
