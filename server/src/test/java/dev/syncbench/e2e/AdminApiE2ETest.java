package dev.syncbench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncbench.SyncServer;
import dev.syncbench.support.AdminHttp;
import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestServers;
import dev.syncbench.support.Tokens;
import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin HTTP API over real sockets: its auth answers, policy CRUD, bad bodies, and the map list. */
class AdminApiE2ETest {
    /** Open again once the policies a test created are deleted, so the tests sharing it do not depend on their order. */
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(b -> b.accessOpenWhenNoPolicies(true));

    static Stream<Arguments> refusedTokens() {
        return Stream.of(
                Arguments.of("no Authorization header", null, 401, "missing or invalid Bearer token"),
                Arguments.of("not Bearer", "Basic YWRtaW46YWRtaW4=", 401, "missing or invalid Bearer token"),
                Arguments.of("an empty Bearer", "Bearer ", 401, "missing or invalid Bearer token"),
                Arguments.of("a token signed with another key", "Bearer " + com.auth0.jwt.JWT.create()
                        .withSubject("ops").withArrayClaim("roles", new String[] {"admin"})
                        .withExpiresAt(java.time.Instant.now().plusSeconds(60))
                        .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256("another-secret")), 401,
                        "invalid or expired token"),
                Arguments.of("an expired admin token", "Bearer " + Tokens.expiredAdmin("ops"), 401,
                        "invalid or expired token"),
                Arguments.of("garbage", "Bearer not.a.jwt", 401, "invalid or expired token"),
                Arguments.of("a token without the admin role", "Bearer " + Tokens.valid("ops"), 403,
                        "admin role required"),
                Arguments.of("a role that is not exactly admin", "Bearer " + Tokens.withRoles("ops", "Admin"), 403,
                        "admin role required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void everyAdminRouteRefusesWithoutAnAdminToken(String name, String authorization, int status, String message) {
        AdminHttp http = new AdminHttp(server.port(), null);
        for (HttpRequest.Builder request : new HttpRequest.Builder[] {
                http.request("/api/admin/policies").GET(),
                http.request("/api/admin/policies").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"mapPattern\":\"*\",\"action\":\"all\",\"effect\":\"deny\"}")),
                http.request("/api/admin/policies/any").DELETE(),
                http.request("/api/admin/maps").GET(),
                http.request("/api/admin/no-such-route").GET()}) {
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            AdminHttp.Reply reply = http.send(request);
            assertEquals(status, reply.status(), reply.text());
            assertEquals(status, reply.body().get("code").asInt());
            assertEquals(message, reply.message());
        }
        assertEquals(0, AdminHttp.admin(server.port()).get("/api/admin/policies").body().get("policies").size(),
                "nothing was created");
    }

    @Test
    void policiesAreCreatedListedReplacedAndDeleted() {
        AdminHttp admin = AdminHttp.admin(server.port());
        JsonNode created = admin.createPolicy("{\"mapPattern\":\"crud.*\",\"action\":\"read\",\"effect\":\"allow\","
                + "\"conditionExpr\":\"data.public == true\"}");
        String id = created.get("id").asText();
        assertEquals(36, id.length(), "a generated UUID");
        assertEquals("eq", created.at("/condition/op").asText());
        assertEquals("public", created.at("/condition/attribute").asText());
        assertFalse(created.has("conditionExpr"), "the expression is not echoed");

        JsonNode replaced = admin.createPolicy("{\"id\":\"" + id + "\",\"mapPattern\":\"crud.**\",\"action\":\"all\","
                + "\"effect\":\"deny\",\"condition\":{\"op\":\"eq\",\"attribute\":\"x\",\"value\":1},"
                + "\"conditionExpr\":\"data.y == 2\"}");
        assertEquals("x", replaced.at("/condition/attribute").asText(), "condition wins over conditionExpr");
        JsonNode listed = admin.get("/api/admin/policies").body().get("policies");
        assertEquals(1, listed.size());
        assertEquals("crud.**", listed.get(0).get("mapPattern").asText());
        assertEquals("deny", listed.get(0).get("effect").asText());

        assertEquals(204, admin.delete("/api/admin/policies/" + id).status());
        assertEquals(204, admin.delete("/api/admin/policies/never-existed").status());
        assertEquals(0, admin.get("/api/admin/policies").body().get("policies").size());
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"mapPattern\":", 400, null, "malformed JSON"),
                Arguments.of("not an object", "[1,2]", 422, null, "JSON object"),
                Arguments.of("missing mapPattern", "{\"action\":\"read\",\"effect\":\"allow\"}", 422, "mapPattern",
                        "missing field: mapPattern"),
                Arguments.of("mapPattern not a string", "{\"mapPattern\":7,\"action\":\"read\",\"effect\":\"allow\"}",
                        422, "mapPattern", "mapPattern must be a string"),
                Arguments.of("unknown action", "{\"mapPattern\":\"a\",\"action\":\"delete\",\"effect\":\"allow\"}",
                        422, "action", "action must be one of read, write, remove, all"),
                Arguments.of("unknown effect", "{\"mapPattern\":\"a\",\"action\":\"read\",\"effect\":\"maybe\"}",
                        422, "effect", "effect must be allow or deny"),
                Arguments.of("roles not strings", "{\"mapPattern\":\"a\",\"action\":\"read\",\"effect\":\"allow\","
                        + "\"roles\":[1]}", 422, "roles", "roles must be an array of strings"),
                Arguments.of("a reserved id", "{\"id\":\"__configured\",\"mapPattern\":\"a\",\"action\":\"read\","
                        + "\"effect\":\"allow\"}", 422, "id", "id must be"),
                Arguments.of("a single =", "{\"mapPattern\":\"a\",\"action\":\"read\",\"effect\":\"allow\","
                        + "\"conditionExpr\":\"data.a = 1\"}", 400, "conditionExpr",
                        "parse error at position 7: expected '==' (single '=' is not valid)"),
                Arguments.of("an unterminated string", "{\"mapPattern\":\"a\",\"action\":\"read\",\"effect\":\"allow\","
                        + "\"conditionExpr\":\"data.a == 'x\"}", 400, "conditionExpr",
                        "parse error at position 10: unterminated string literal"),
                Arguments.of("a trailing token", "{\"mapPattern\":\"a\",\"action\":\"read\",\"effect\":\"allow\","
                        + "\"conditionExpr\":\"data.a == 1 data.b\"}", 400, "conditionExpr",
                        "unexpected token after expression"),
                Arguments.of("a condition with an unknown op", "{\"mapPattern\":\"a\",\"action\":\"read\","
                        + "\"effect\":\"allow\",\"condition\":{\"op\":\"near\",\"attribute\":\"a\",\"value\":1}}",
                        400, "condition", "unknown op 'near'"),
                Arguments.of("a condition with a regex", "{\"mapPattern\":\"a\",\"action\":\"read\","
                        + "\"effect\":\"allow\",\"condition\":{\"op\":\"regex\",\"attribute\":\"a\",\"value\":\"(a+)+\"}}",
                        400, "condition", "not available in policy conditions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadPolicyIsRefusedWithItsReasonAndNothingIsStored(String name, String body, int status, String field,
                                                           String message) {
        AdminHttp admin = AdminHttp.admin(server.port());
        AdminHttp.Reply reply = admin.postJson("/api/admin/policies", body);
        assertEquals(status, reply.status(), reply.text());
        assertTrue(reply.message().contains(message), reply.message());
        assertEquals(field, reply.body().has("field") ? reply.body().get("field").asText() : null);
        assertEquals(0, admin.get("/api/admin/policies").body().get("policies").size());
        // The server still works for everyone.
        try (TestClient client = TestClient.authenticated(server.port(), "neighbour")) {
            client.ping();
        }
    }

    @Test
    void aPolicyWithoutAJsonContentTypeIsRefusedWith415() {
        AdminHttp admin = AdminHttp.admin(server.port());
        AdminHttp.Reply reply = admin.send(admin.request("/api/admin/policies").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mapPattern\":\"a\",\"action\":\"read\",\"effect\":\"allow\"}")));
        assertEquals(415, reply.status());
        assertEquals(0, admin.get("/api/admin/policies").body().get("policies").size());
    }

    @Test
    void aBodyOverTwoMebibytesIsRefusedWith413() {
        AdminHttp admin = AdminHttp.admin(server.port());
        String huge = "{\"mapPattern\":\"" + "a".repeat(2 * 1024 * 1024 + 1) + "\",\"action\":\"read\",\"effect\":\"allow\"}";
        assertEquals(413, admin.postJson("/api/admin/policies", huge).status());
        assertEquals(0, admin.get("/api/admin/policies").body().get("policies").size());
    }

    @Test
    void mapsAreListedSortedWithTheirLiveEntryCounts() {
        long now = System.currentTimeMillis();
        try (TestClient client = TestClient.authenticated(server.port(), "writer")) {
            client.send(Msg.opBatch(
                    Msg.put("1", "list.b", "k1", 1, now), Msg.put("2", "list.b", "k2", 2, now),
                    Msg.put("3", "list.a", "k1", 1, now),
                    Msg.map("id", "4", "mapName", "list.b", "key", "k2", "opType", "REMOVE")));
            client.expect("OP_ACK");
        }
        JsonNode maps = AdminHttp.admin(server.port()).get("/api/admin/maps").body().get("maps");
        String previous = "";
        boolean sawA = false;
        boolean sawB = false;
        for (JsonNode map : maps) {
            String name = map.get("name").asText();
            assertTrue(name.compareTo(previous) > 0, "sorted, no duplicates: " + maps);
            assertFalse(name.startsWith("__topgun_"), "reserved maps are not listed");
            previous = name;
            if (name.equals("list.a")) {
                sawA = true;
                assertEquals(1, map.get("entryCount").asLong());
            } else if (name.equals("list.b")) {
                sawB = true;
                assertEquals(1, map.get("entryCount").asLong(), "the removed record is not an entry");
            }
        }
        assertTrue(sawA && sawB, maps.toString());
    }

    @Test
    void aServerWithoutAuthenticationHasNoAdminApi() {
        try (SyncServer open = SyncServer.start(TestServers.config().authDisabled(true).build())) {
            AdminHttp.Reply reply = AdminHttp.admin(open.port()).get("/api/admin/policies");
            assertEquals(401, reply.status());
            assertEquals("authentication not configured", reply.message());
        }
    }
}
