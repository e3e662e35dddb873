package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.ServerConfig;
import dev.syncbench.SyncServer;
import dev.syncbench.security.PolicyFile;
import dev.syncbench.support.AdminHttp;
import dev.syncbench.support.Msg;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestPostgres;
import dev.syncbench.support.TestServers;
import dev.syncbench.support.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Access policies over real sockets: policies created over the admin API govern the very next
 * WebSocket request (reference features §3, PROTOCOL.md §12).
 */
class AccessPolicyE2ETest {

    private static long now() {
        return System.currentTimeMillis();
    }

    private static SyncServer start() {
        return SyncServer.start(TestServers.config().adminSubjects(Set.of("root")).build());
    }

    private static void assertWriteDenied(TestClient client, String mapName) {
        Value error = client.expect("ERROR");
        assertEquals(403, Msg.num(error, "payload.code"));
        assertEquals("write access denied for map: " + mapName, Msg.str(error, "payload.message"));
    }

    private static void assertReadDenied(TestClient client, String mapName) {
        Value error = client.expect("ERROR");
        assertEquals(403, Msg.num(error, "payload.code"));
        assertEquals("read access denied for map: " + mapName, Msg.str(error, "payload.message"));
        assertEquals(mapName, Msg.str(error, "payload.details.mapName"));
    }

    private static Value querySub(String queryId, String mapName) {
        return map("type", "QUERY_SUB", "payload", map("queryId", queryId, "mapName", mapName, "query", map()));
    }

    @Test
    void beforeTheFirstPolicyEveryAuthenticatedUserMayReadAndWrite() {
        try (SyncServer server = start();
             TestClient client = TestClient.authenticated(server.port(), "anyone")) {
            client.send(Msg.opBatch(Msg.put("1", "anything", "k", "v", now())));
            assertEquals("1", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            client.send(querySub("q", "anything"));
            assertEquals(1, Msg.get(client.expect("QUERY_RESP"), "payload.results").asArrayValue().size());
        }
    }

    @Test
    void aPolicyCreatedOverHttpAppliesToTheNextRequestOfAnOpenConnection() {
        try (SyncServer server = start();
             TestClient client = TestClient.authenticated(server.port(), "alice")) {
            AdminHttp admin = AdminHttp.admin(server.port());
            admin.createPolicy("{\"mapPattern\":\"elsewhere\",\"action\":\"write\",\"effect\":\"allow\"}");

            client.send(Msg.opBatch(Msg.put("1", "notes", "n1", "first", now())));
            assertWriteDenied(client, "notes");
            assertNull(server.store().getLww("notes", "n1"));

            admin.createPolicy("{\"id\":\"notes-writers\",\"mapPattern\":\"notes\",\"action\":\"write\",\"effect\":\"allow\"}");
            client.send(Msg.opBatch(Msg.put("2", "notes", "n1", "second", now())));
            assertEquals("2", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            assertEquals(ValueFactory.newString("second"), server.store().getLww("notes", "n1").value().toValue());

            assertEquals(204, admin.delete("/api/admin/policies/notes-writers").status());
            client.send(map("type", "CLIENT_OP", "payload", Msg.put("3", "notes", "n1", "third", now())));
            assertWriteDenied(client, "notes");
            assertEquals(ValueFactory.newString("second"), server.store().getLww("notes", "n1").value().toValue());
            client.ping();
        }
    }

    @Test
    void aBatchWithOneDeniedOpAppliesNoneOfItsOps() {
        try (SyncServer server = start();
             TestClient client = TestClient.authenticated(server.port(), "alice")) {
            AdminHttp.admin(server.port()).createPolicy(
                    "{\"mapPattern\":\"open.*\",\"action\":\"write\",\"effect\":\"allow\"}");
            client.send(Msg.opBatch(
                    Msg.put("1", "open.a", "k", 1, now()),
                    Msg.put("2", "closed", "k", 2, now()),
                    Msg.put("3", "open.b", "k", 3, now())));
            assertWriteDenied(client, "closed");
            client.ping();
            assertNull(server.store().getLww("open.a", "k"));
            assertNull(server.store().getLww("closed", "k"));
            assertNull(server.store().getLww("open.b", "k"));
        }
    }

    @Test
    void anOwnerConditionLetsUsersWriteAndRemoveOnlyTheirOwnRecords() {
        try (SyncServer server = start();
             TestClient alice = TestClient.authenticated(server.port(), "alice");
             TestClient bob = TestClient.authenticated(server.port(), "bob")) {
            AdminHttp.admin(server.port()).createPolicy("{\"mapPattern\":\"docs\",\"action\":\"all\","
                    + "\"effect\":\"allow\",\"conditionExpr\":\"auth.id == data.ownerId\"}");

            alice.send(Msg.opBatch(Msg.put("1", "docs", "d1", map("ownerId", "alice", "text", "mine"), now())));
            assertEquals("1", Msg.str(alice.expect("OP_ACK"), "payload.lastId"));

            // Bob can neither write a record in Alice's name nor take hers over by claiming it.
            bob.send(Msg.opBatch(Msg.put("1", "docs", "d2", map("ownerId", "alice"), now())));
            assertWriteDenied(bob, "docs");
            bob.send(Msg.opBatch(Msg.put("2", "docs", "d1", map("ownerId", "bob", "text", "stolen"), now() + 1)));
            assertWriteDenied(bob, "docs");
            bob.send(Msg.opBatch(map("id", "3", "mapName", "docs", "key", "d1", "opType", "REMOVE")));
            assertWriteDenied(bob, "docs");
            assertEquals(map("ownerId", "alice", "text", "mine"), server.store().getLww("docs", "d1").value().toValue());

            bob.send(Msg.opBatch(Msg.put("4", "docs", "d3", map("ownerId", "bob"), now())));
            assertEquals("4", Msg.str(bob.expect("OP_ACK"), "payload.lastId"));

            alice.send(Msg.opBatch(map("id", "2", "mapName", "docs", "key", "d1", "opType", "REMOVE")));
            assertEquals("2", Msg.str(alice.expect("OP_ACK"), "payload.lastId"));
            assertNull(server.store().getLww("docs", "d1").value(), "alice removed her own record");
        }
    }

    @Test
    void anAdminSubjectBypassesEveryPolicy() {
        try (SyncServer server = start();
             TestClient root = TestClient.authenticated(server.port(), "root")) {
            AdminHttp.admin(server.port()).createPolicy(
                    "{\"mapPattern\":\"**\",\"action\":\"all\",\"effect\":\"deny\"}");
            root.send(Msg.opBatch(Msg.put("1", "ledger", "k", 1, now())));
            assertEquals("1", Msg.str(root.expect("OP_ACK"), "payload.lastId"));
            root.send(querySub("q", "ledger"));
            assertEquals(1, Msg.get(root.expect("QUERY_RESP"), "payload.results").asArrayValue().size());
        }
    }

    @Test
    void aSelfGrantedAdminRoleBypassesNothing() {
        try (SyncServer server = start();
             TestClient mallory = TestClient.authenticatedWith(server.port(), Tokens.withRoles("mallory", "admin"))) {
            AdminHttp.admin(server.port()).createPolicy(
                    "{\"mapPattern\":\"public\",\"action\":\"all\",\"effect\":\"allow\"}");
            mallory.send(Msg.opBatch(Msg.put("1", "ledger", "k", 1, now())));
            assertWriteDenied(mallory, "ledger");
            mallory.send(querySub("q", "ledger"));
            assertReadDenied(mallory, "ledger");
            mallory.send(Msg.opBatch(Msg.put("2", "public", "k", 1, now())));
            assertEquals("2", Msg.str(mallory.expect("OP_ACK"), "payload.lastId"));
        }
    }

    @Test
    void deniedReadsSubscriptionsAndOtherWritesGetAnErrorNamingTheMap() {
        try (SyncServer server = start();
             TestClient client = TestClient.authenticated(server.port(), "alice")) {
            AdminHttp.admin(server.port()).createPolicy(
                    "{\"mapPattern\":\"public\",\"action\":\"all\",\"effect\":\"allow\"}");
            client.send(querySub("q1", "secret"));
            Value error = client.expect("ERROR");
            assertEquals("q1", Msg.str(error, "payload.details.queryId"));
            client.send(map("type", "SEARCH", "payload", map("requestId", "s1", "mapName", "secret", "query", "x")));
            assertReadDenied(client, "secret");
            client.send(map("type", "SYNC_INIT", "mapName", "secret"));
            assertReadDenied(client, "secret");
            client.send(map("type", "JOURNAL_READ", "requestId", "j1", "fromSequence", "0", "mapName", "secret"));
            assertReadDenied(client, "secret");
            client.send(map("type", "TOPIC_PUB", "payload", map("topic", "secret", "data", "hi")));
            assertWriteDenied(client, "secret");
            client.send(map("type", "COUNTER_SYNC", "payload", map("name", "secret",
                    "state", map("p", map("n1", 1.0), "n", map()))));
            assertWriteDenied(client, "secret");
            client.send(map("type", "ORMAP_PUSH_DIFF", "payload", map("mapName", "secret", "entries", list(
                    map("key", "k", "records", list(map("value", 1, "timestamp", Msg.timestamp(now(), 0, "p"),
                            "tag", "t")), "tombstones", list())))));
            assertWriteDenied(client, "secret");
            assertNull(server.store().getOr("secret", "k"));
            assertNull(server.store().getCounter("secret"));

            client.send(querySub("q2", "public"));
            assertNotNull(client.expect("QUERY_RESP"));
        }
    }

    @Test
    void policiesMayNameRoles() {
        try (SyncServer server = start();
             TestClient editor = TestClient.authenticatedWith(server.port(), Tokens.withRoles("ed", "editor"));
             TestClient reader = TestClient.authenticated(server.port(), "rita")) {
            AdminHttp.admin(server.port()).createPolicy(
                    "{\"mapPattern\":\"articles\",\"action\":\"write\",\"effect\":\"allow\",\"roles\":[\"editor\"]}");
            editor.send(Msg.opBatch(Msg.put("1", "articles", "a", "text", now())));
            assertEquals("1", Msg.str(editor.expect("OP_ACK"), "payload.lastId"));
            reader.send(Msg.opBatch(Msg.put("1", "articles", "a", "graffiti", now() + 5)));
            assertWriteDenied(reader, "articles");
        }
    }

    @Test
    void deletingEveryPolicyKeepsTheServerClosedUnlessConfiguredToReopen() {
        for (boolean reopen : new boolean[] {false, true}) {
            try (SyncServer server = SyncServer.start(TestServers.config().accessOpenWhenNoPolicies(reopen).build());
                 TestClient client = TestClient.authenticated(server.port(), "alice")) {
                AdminHttp admin = AdminHttp.admin(server.port());
                admin.createPolicy("{\"id\":\"only\",\"mapPattern\":\"x\",\"action\":\"write\",\"effect\":\"allow\"}");
                assertEquals(204, admin.delete("/api/admin/policies/only").status());
                client.send(Msg.opBatch(Msg.put("1", "x", "k", 1, now())));
                if (reopen) {
                    assertEquals("1", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
                } else {
                    assertWriteDenied(client, "x");
                }
            }
        }
    }

    /**
     * The same on both durable stores: the policies kept, a deleted one gone, and the sticky
     * "configured" marker too, so deleting the last policy and restarting does not reopen the server.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "postgres"})
    void policiesAndTheClosedStateSurviveARestart(String backend, @TempDir Path dir) throws Exception {
        ServerConfig.Builder builder = TestServers.config().storageBackend(backend);
        if (backend.equals("postgres")) {
            TestPostgres.requireEmpty();
            builder.databaseUrl(TestPostgres.databaseUrl());
        } else {
            builder.dataDir(Files.createDirectories(dir.resolve("data")).toString());
        }
        ServerConfig config = builder.build();
        try (SyncServer server = SyncServer.start(config)) {
            AdminHttp admin = AdminHttp.admin(server.port());
            admin.createPolicy("{\"id\":\"a\",\"mapPattern\":\"kept\",\"action\":\"write\",\"effect\":\"allow\"}");
            admin.createPolicy("{\"id\":\"b\",\"mapPattern\":\"gone\",\"action\":\"write\",\"effect\":\"allow\"}");
            assertEquals(204, admin.delete("/api/admin/policies/b").status());
        }
        try (SyncServer server = SyncServer.start(config);
             TestClient client = TestClient.authenticated(server.port(), "alice")) {
            AdminHttp admin = AdminHttp.admin(server.port());
            AdminHttp.Reply listed = admin.get("/api/admin/policies");
            assertEquals(1, listed.body().get("policies").size());
            assertEquals("a", listed.body().get("policies").get(0).get("id").asText());
            client.send(Msg.opBatch(Msg.put("1", "kept", "k", 1, now())));
            assertEquals("1", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            client.send(Msg.opBatch(Msg.put("2", "gone", "k", 1, now())));
            assertWriteDenied(client, "gone");
            assertNull(server.store().getLww("gone", "k"));
            client.send(querySub("peek", "__topgun_policies"));
            assertReadDenied(client, "__topgun_policies");
            assertEquals(204, admin.delete("/api/admin/policies/a").status());
        }
        try (SyncServer server = SyncServer.start(config);
             TestClient client = TestClient.authenticated(server.port(), "alice")) {
            assertEquals(0, AdminHttp.admin(server.port()).get("/api/admin/policies").body().get("policies").size());
            client.send(Msg.opBatch(Msg.put("3", "kept", "k", 2, now())));
            assertWriteDenied(client, "kept");
            assertEquals(ValueFactory.newInteger(1), server.store().getLww("kept", "k").value().toValue(),
                    "no policy left, and the server stayed closed across the restart");
        }
    }

    @Test
    void aPoliciesFileIsAppliedAtStartUp(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policies.json");
        Files.writeString(file, "{\"policies\": [{\"id\":\"from-file\",\"mapPattern\":\"seeded\","
                + "\"action\":\"all\",\"effect\":\"allow\"}]}");
        try (SyncServer server = SyncServer.start(TestServers.config().accessPoliciesFile(file.toString()).build());
             TestClient client = TestClient.authenticated(server.port(), "alice")) {
            assertEquals("from-file", AdminHttp.admin(server.port()).get("/api/admin/policies").body()
                    .at("/policies/0/id").asText());
            client.send(Msg.opBatch(Msg.put("1", "seeded", "k", 1, now())));
            assertEquals("1", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            client.send(Msg.opBatch(Msg.put("2", "other", "k", 1, now())));
            assertWriteDenied(client, "other");
        }
    }

    @Test
    void aBadPoliciesFileStopsTheStartUpNamingTheFault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policies.json");
        Files.writeString(file, "{\"policies\": [{\"mapPattern\":\"a\",\"action\":\"read\",\"effect\":\"allow\","
                + "\"conditionExpr\":\"data.a = 1\"}]}");
        var config = TestServers.config().accessPoliciesFile(file.toString()).build();
        PolicyFile.InvalidFileException e = assertThrows(PolicyFile.InvalidFileException.class, () -> SyncServer.start(config));
        assertTrue(e.getMessage().contains("policies[0]: parse error at position 7"), e.getMessage());
    }
}
