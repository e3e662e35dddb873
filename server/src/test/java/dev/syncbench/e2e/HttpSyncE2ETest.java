package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.SyncServer;
import dev.syncbench.support.AdminHttp;
import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestServers;
import dev.syncbench.support.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** {@code POST /sync} over real sockets, beside WebSocket clients of the same server (reference features §4). */
class HttpSyncE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(b -> b.accessOpenWhenNoPolicies(true));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, String contentType, byte[] body) {
        Value msgpack() {
            assertEquals("application/msgpack", contentType, new String(body, StandardCharsets.UTF_8));
            return Msg.decode(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Reply post(int port, String token, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sync"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-msgpack")
                // as curl does for bodies over 1 MiB: the server refuses an oversized body before it is
                // sent, where a client still sending when the server closes may meet a reset instead
                .expectContinue(body.length > 1024 * 1024)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Reply post(String user, Value body) {
        return post(server.port(), Tokens.valid(user), Msg.encode(body));
    }

    static Value request(Object... fields) {
        List<Object> all = new ArrayList<>(List.of("clientId", "http-client", "clientHlc", Msg.timestamp(now(), 0, "http-client")));
        all.addAll(Arrays.asList(fields));
        return map(all.toArray());
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    @Test
    void operationsAreAppliedAckedAndSeenByWebSocketSubscribers() {
        try (TestClient watcher = TestClient.authenticated(server.port(), "watcher")) {
            watcher.send(map("type", "QUERY_SUB", "payload", map("queryId", "w", "mapName", "http.ops", "query", map())));
            watcher.expect("QUERY_RESP");
            Value reply = post("poster", request("operations", list(
                    Msg.put("1", "http.ops", "a", map("n", 1), now()),
                    Msg.put("2", "http.ops", "b", map("n", 2), now())))).msgpack();
            assertEquals("2", Msg.str(reply, "ack.lastId"));
            assertNotNull(Msg.get(reply, "serverHlc.millis"));
            assertNull(Msg.get(reply, "errors"));
            assertEquals(map("n", 2), server.store().getLww("http.ops", "b").value().toValue());
            assertEquals("http.ops", Msg.str(watcher.expect("SERVER_EVENT"), "payload.mapName"));
            assertEquals("w", Msg.str(watcher.expect("QUERY_UPDATE"), "payload.queryId"));
        }
    }

    @Test
    void aBadOpIsRejectedAloneAndListedInTheAck() {
        Value reply = post("poster", request("operations", list(
                Msg.put("1", "http.bad", "good", 1, now()),
                map("id", "2", "mapName", "http.bad")))).msgpack();
        assertEquals("2", Msg.str(reply, "ack.lastId"));
        Value result = Msg.get(reply, "ack.results").asArrayValue().get(0);
        assertEquals("2", Msg.str(result, "opId"));
        assertFalse(Msg.get(result, "success").asBooleanValue().getBoolean());
        assertNotNull(server.store().getLww("http.bad", "good"));
    }

    /** What an HTTP-only client holds after applying deltas: key to value, removed keys dropped. */
    private static Value applyDeltas(Map<String, Value> replica, Value reply, String mapName) {
        Value deltas = Msg.get(reply, "deltas");
        assertNotNull(deltas, "deltas for " + mapName + ": " + reply);
        Value delta = deltas.asArrayValue().get(0);
        assertEquals(mapName, Msg.str(delta, "mapName"));
        for (Value record : Msg.get(delta, "records").asArrayValue()) {
            String key = Msg.str(record, "key");
            if (Msg.str(record, "eventType").equals("REMOVE")) {
                replica.remove(key);
            } else {
                replica.put(key, Msg.get(record, "record.value"));
            }
        }
        return Msg.get(delta, "serverSyncTimestamp");
    }

    @Test
    void anHttpOnlyClientConvergesWithAWebSocketClient() {
        String mapName = "http.converge";
        Map<String, Value> replica = new HashMap<>();
        try (TestClient ws = TestClient.authenticated(server.port(), "ws-user")) {
            ws.send(Msg.opBatch(Msg.put("1", mapName, "from-ws", "hello", now()),
                    Msg.put("2", mapName, "doomed", "bye", now())));
            ws.expect("OP_ACK");

            Value first = post("http-user", request(
                    "operations", list(Msg.put("h1", mapName, "from-http", "hi", now())),
                    "syncMaps", list(map("mapName", mapName)))).msgpack();
            assertEquals("h1", Msg.str(first, "ack.lastId"));
            Value since = applyDeltas(replica, first, mapName);
            assertEquals(3, replica.size(), replica.toString());

            ws.send(Msg.opBatch(Msg.put("3", mapName, "from-ws", "hello again", now() + 5),
                    map("id", "4", "mapName", mapName, "key", "doomed", "opType", "REMOVE")));
            ws.expect("OP_ACK");
            Value second = post("http-user", request("syncMaps", list(map("mapName", mapName, "lastSyncTimestamp", since))))
                    .msgpack();
            assertEquals(2, Msg.get(second, "deltas").asArrayValue().get(0).asMapValue().map()
                    .get(ValueFactory.newString("records")).asArrayValue().size(), "only what changed since: " + second);
            applyDeltas(replica, second, mapName);

            Map<String, Value> live = new HashMap<>();
            server.store().forEachLww(mapName, (key, record) -> {
                if (!record.isTombstone()) {
                    live.put(key, record.value().toValue());
                }
            });
            assertEquals(live, replica);
            assertEquals(ValueFactory.newString("hello again"), replica.get("from-ws"));

            ws.send(map("type", "QUERY_SUB", "payload", map("queryId", "q", "mapName", mapName, "query", map())));
            assertEquals(2, Msg.get(ws.expect("QUERY_RESP"), "payload.results").asArrayValue().size());
        }
    }

    @Test
    void aLargeCatchUpComesInPagesThatMissNothing() {
        String mapName = "http.pages";
        int count = 10_500;
        List<Value> ops = new ArrayList<>(count);
        long t = now();
        for (int i = 0; i < count; i++) {
            ops.add(map("id", Integer.toString(i), "mapName", mapName, "key", "k" + i,
                    "record", map("value", i, "timestamp", Msg.timestamp(t, i, "bulk"))));
        }
        assertEquals(Integer.toString(count - 1), Msg.str(post("bulk", request("operations", list(ops.toArray()))).msgpack(),
                "ack.lastId"));
        Map<String, Value> replica = new HashMap<>();
        Value since = null;
        int pages = 0;
        boolean more = true;
        while (more) {
            Value syncMap = since == null ? map("mapName", mapName) : map("mapName", mapName, "lastSyncTimestamp", since);
            Value reply = post("reader", request("syncMaps", list(syncMap))).msgpack();
            since = applyDeltas(replica, reply, mapName);
            Value hasMore = Msg.get(Msg.get(reply, "deltas").asArrayValue().get(0), "hasMore");
            more = hasMore != null && hasMore.asBooleanValue().getBoolean();
            pages++;
        }
        assertEquals(2, pages);
        assertEquals(count, replica.size());
    }

    @Test
    void queriesFilterByTopLevelEqualityAndPage() {
        String mapName = "http.query";
        post("poster", request("operations", list(
                Msg.put("1", mapName, "c", map("kind", "x"), now()),
                Msg.put("2", mapName, "a", map("kind", "x"), now()),
                Msg.put("3", mapName, "b", map("kind", "y"), now()),
                Msg.put("4", mapName, "d", map("kind", "x"), now()))));
        Value first = post("reader", request("queries", list(
                map("queryId", "q", "mapName", mapName, "filter", map("kind", "x"), "limit", 2)))).msgpack();
        Value result = Msg.get(first, "queryResults").asArrayValue().get(0);
        assertEquals(list(map("kind", "x"), map("kind", "x")), Msg.get(result, "results"));
        assertTrue(Msg.get(result, "hasMore").asBooleanValue().getBoolean());
        String cursor = Msg.str(result, "nextCursor");
        Value second = post("reader", request("queries", list(
                map("queryId", "q", "mapName", mapName, "filter", map("kind", "x"), "limit", 2, "cursor", cursor))))
                .msgpack();
        Value rest = Msg.get(second, "queryResults").asArrayValue().get(0);
        assertEquals(1, Msg.get(rest, "results").asArrayValue().size());
        assertFalse(Msg.get(rest, "hasMore").asBooleanValue().getBoolean());

        Value bad = post("reader", request("queries", list(
                map("queryId", "q2", "mapName", mapName, "cursor", "not-a-cursor")))).msgpack();
        Value error = Msg.get(bad, "errors").asArrayValue().get(0);
        assertEquals(400, Msg.num(error, "code"));
        assertEquals("invalid or expired cursor", Msg.str(error, "message"));
        assertEquals("q2", Msg.str(error, "context"));
    }

    @Test
    void policiesGovernHttpSyncAsTheyGovernWebSockets() {
        try (SyncServer closed = SyncServer.start(TestServers.config().build())) {
            AdminHttp.admin(closed.port()).createPolicy("{\"id\":\"p\",\"mapPattern\":\"open\",\"action\":\"all\",\"effect\":\"allow\"}");
            Value reply = Msg.decode(post(closed.port(), Tokens.valid("alice"), Msg.encode(request(
                    "operations", list(Msg.put("1", "open", "k", 1, now()), Msg.put("2", "shut", "k", 2, now())),
                    "syncMaps", list(map("mapName", "shut")),
                    "queries", list(map("queryId", "q", "mapName", "shut"), map("queryId", "ok", "mapName", "open"))))).body());
            assertNull(Msg.get(reply, "ack"), "a denied request is not acknowledged");
            Value errors = Msg.get(reply, "errors");
            assertEquals(3, errors.asArrayValue().size(), reply.toString());
            assertEquals(403, Msg.num(errors.asArrayValue().get(0), "code"));
            assertEquals("write access denied for map: shut", Msg.str(errors.asArrayValue().get(0), "message"));
            assertEquals("read access denied for map: shut", Msg.str(errors.asArrayValue().get(1), "message"));
            assertEquals("access denied", Msg.str(errors.asArrayValue().get(2), "message"));
            assertEquals("q", Msg.str(errors.asArrayValue().get(2), "context"));
            assertEquals(1, Msg.get(reply, "queryResults").asArrayValue().size());
            assertNull(closed.store().getLww("open", "k"), "none of the denied request's ops applied");
            assertNull(closed.store().getLww("shut", "k"));
        }
    }

    static Stream<Arguments> badRequests() {
        byte[] deep = new byte[258];
        Arrays.fill(deep, 0, 257, (byte) 0x91);
        deep[257] = (byte) 0xc0;
        byte[] nested256 = new byte[257];
        Arrays.fill(nested256, 0, 256, (byte) 0x91);
        nested256[256] = (byte) 0xc0;
        String token = Tokens.valid("poster");
        return Stream.of(
                Arguments.of("malformed MessagePack", token, new byte[] {(byte) 0xff, (byte) 0xff}, 400,
                        "invalid MsgPack body: frame rejected: malformed MsgPack"),
                Arguments.of("a truncated body", token, new byte[] {(byte) 0x82, (byte) 0xa8}, 400,
                        "invalid MsgPack body: frame rejected: malformed MsgPack"),
                Arguments.of("the reserved marker", token, new byte[] {(byte) 0xc1}, 400,
                        "invalid MsgPack body: frame rejected: malformed MsgPack"),
                Arguments.of("nesting 257 deep", token, deep, 400,
                        "invalid MsgPack body: frame rejected: MsgPack nesting exceeds 256 levels"),
                Arguments.of("256 deep but not a map", token, nested256, 400,
                        "invalid MsgPack body: decode error: the body must be a map {clientId, clientHlc, operations?, syncMaps?, queries?}"),
                Arguments.of("no clientId", token, Msg.encode(map("clientHlc", Msg.timestamp(1, 0, "c"))), 400,
                        "invalid MsgPack body: decode error: missing field: clientId"),
                Arguments.of("clientHlc of the wrong type", token, Msg.encode(map("clientId", "c", "clientHlc", "now")), 400,
                        "invalid MsgPack body: decode error: wrong type for field: clientHlc (expected map)"),
                Arguments.of("operations not a list", token, Msg.encode(map("clientId", "c",
                        "clientHlc", Msg.timestamp(1, 0, "c"), "operations", "all")), 400,
                        "invalid MsgPack body: decode error: wrong type for field: operations (expected array)"),
                Arguments.of("a syncMap without mapName", token, Msg.encode(map("clientId", "c",
                        "clientHlc", Msg.timestamp(1, 0, "c"), "syncMaps", list(map()))), 400,
                        "invalid MsgPack body: decode error: missing field: syncMaps[0].mapName"),
                Arguments.of("a body over 2 MiB", token, Msg.encode(map("clientId", "c", "clientHlc",
                        Msg.timestamp(1, 0, "c"), "pad", "x".repeat(2 * 1024 * 1024))), 413, null),
                Arguments.of("no token", null, Msg.encode(request()), 401, "authentication required"),
                Arguments.of("a bad token", "not.a.token", Msg.encode(request()), 401, "Authentication failed"),
                Arguments.of("an expired token", Tokens.expiredAdmin("poster"), Msg.encode(request()), 401,
                        "Authentication failed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadRequestGetsItsClearErrorAndHarmsNoNeighbour(String name, String token, byte[] body, int status,
                                                         String message) {
        long before = server.store().lwwRecordCount();
        try (TestClient neighbour = TestClient.authenticated(server.port(), "neighbour")) {
            Reply reply = post(server.port(), token, body);
            assertEquals(status, reply.status(), reply.text());
            if (message != null) {
                assertEquals("{\"code\":" + status + ",\"message\":\"" + message + "\"}", reply.text());
                assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
            }
            neighbour.send(Msg.opBatch(Msg.put("n", "http.neighbour", name, 1, now())));
            assertEquals("n", Msg.str(neighbour.expect("OP_ACK"), "payload.lastId"));
        }
        assertEquals(before + 1, server.store().lwwRecordCount(), "only the neighbour's write was stored");
        assertEquals("1", Msg.str(post("after", request("operations", list(Msg.put("1", "http.after", name, 1, now()))))
                .msgpack(), "ack.lastId"), "the endpoint still works");
    }

    @Test
    void anEmptyBodyIsARequestWithNothingToDo() {
        Value reply = post(server.port(), Tokens.valid("poster"), new byte[0]).msgpack();
        assertNotNull(Msg.get(reply, "serverHlc"));
        assertNull(Msg.get(reply, "ack"));
    }

    @Test
    void aServerWithoutAuthenticationTakesRequestsWithoutATokenForEveryMap() {
        try (SyncServer open = SyncServer.start(TestServers.config().authDisabled(true).build())) {
            Value reply = Msg.decode(post(open.port(), null, Msg.encode(request(
                    "operations", list(Msg.put("1", "anon", "k", 1, now()))))).body());
            assertEquals("1", Msg.str(reply, "ack.lastId"));
            assertNotNull(open.store().getLww("anon", "k"));
        }
    }
}
