package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/** Locks with fencing tokens over real WebSockets (PROTOCOL §8, reference §9.2). */
class LockE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static Value request(String requestId, String name, Long ttl) {
        Value payload = ttl == null ? map("requestId", requestId, "name", name)
                : map("requestId", requestId, "name", name, "ttl", ttl);
        return map("type", "LOCK_REQUEST", "payload", payload);
    }

    private static Value release(String requestId, String name, long token) {
        Value payload = requestId == null ? map("name", name, "fencingToken", token)
                : map("requestId", requestId, "name", name, "fencingToken", token);
        return map("type", "LOCK_RELEASE", "payload", payload);
    }

    /** Sends a request that must be granted, and returns the token. */
    private static long grant(TestClient client, String requestId, String name, Long ttl) {
        client.send(request(requestId, name, ttl));
        Value granted = client.expect("LOCK_GRANTED");
        assertEquals(requestId, Msg.str(granted, "payload.requestId"));
        assertEquals(name, Msg.str(granted, "payload.name"));
        return Msg.num(granted, "payload.fencingToken");
    }

    /** Sends a request that must be refused with LOCK_RELEASED success:false. */
    private static void refused(TestClient client, Value request) {
        client.send(request);
        Value answer = client.expect("LOCK_RELEASED");
        assertEquals(Msg.str(request, "payload.requestId"), Msg.str(answer, "payload.requestId"));
        assertEquals(Msg.str(request, "payload.name"), Msg.str(answer, "payload.name"));
        assertFalse(Msg.get(answer, "payload.success").asBooleanValue().getBoolean());
    }

    private static boolean releaseSucceeds(TestClient client, String requestId, String name, long token) {
        client.send(release(requestId, name, token));
        Value answer = client.expect("LOCK_RELEASED");
        assertEquals(requestId == null ? "" : requestId, Msg.str(answer, "payload.requestId"));
        assertEquals(name, Msg.str(answer, "payload.name"));
        return Msg.get(answer, "payload.success").asBooleanValue().getBoolean();
    }

    @Test
    void grantBusyReRequestAndRelease() {
        try (TestClient a = TestClient.authenticated(server.port(), "a");
             TestClient b = TestClient.authenticated(server.port(), "b")) {
            long token = grant(a, "r1", "orders/1", null);
            assertEquals(1, token);
            refused(b, request("r2", "orders/1", null));
            assertEquals(token, grant(a, "r3", "orders/1", null), "the holder asking again keeps its token");

            assertFalse(releaseSucceeds(b, "r4", "orders/1", token + 1), "a wrong token releases nothing");
            refused(b, request("r5", "orders/1", null));
            assertTrue(releaseSucceeds(a, "r6", "orders/1", token));
            assertFalse(releaseSucceeds(a, null, "orders/1", token), "already released; requestId echoes as empty");

            long next = grant(b, "r7", "orders/1", null);
            assertTrue(next > token, "tokens increase across releases: " + next);
        }
    }

    @Test
    void anExpiredLeaseIsFreeForOthers() throws InterruptedException {
        try (TestClient a = TestClient.authenticated(server.port(), "a");
             TestClient b = TestClient.authenticated(server.port(), "b")) {
            long token = grant(a, "r1", "short", 150L);
            refused(b, request("r2", "short", null));
            Thread.sleep(300); // the lease lapses; its expiry is the behaviour under test
            long next = grant(b, "r3", "short", null);
            assertTrue(next > token);
            assertFalse(releaseSucceeds(a, "r4", "short", token), "an expired lease cannot be released");
        }
    }

    @Test
    void aRefreshedLeaseOutlivesItsFirstTtl() throws InterruptedException {
        try (TestClient a = TestClient.authenticated(server.port(), "a");
             TestClient b = TestClient.authenticated(server.port(), "b")) {
            long token = grant(a, "r1", "refreshed", 400L);
            Thread.sleep(250);
            assertEquals(token, grant(a, "r2", "refreshed", 400L));
            Thread.sleep(250); // past the first lease's end, within the refreshed one
            refused(b, request("r3", "refreshed", null));
        }
    }

    @Test
    void zeroTtlAndInvalidNamesAreRefused() {
        try (TestClient a = TestClient.authenticated(server.port(), "a")) {
            refused(a, request("r1", "zero-ttl", 0L));
            refused(a, request("r2", "bad name", null));
            refused(a, request("r3", "", null));
            refused(a, request("r4", "x".repeat(257), null));
            // Nothing was taken: the first real grant of "zero-ttl" gets token 1.
            assertEquals(1, grant(a, "r5", "zero-ttl", null));
        }
    }

    @Test
    void aClosedConnectionReleasesItsLocks() {
        try (TestClient b = TestClient.authenticated(server.port(), "b")) {
            TestClient a = TestClient.authenticated(server.port(), "a");
            a.send(request("r1", "job/7", null));
            long first = Msg.num(a.expect("LOCK_GRANTED"), "payload.fencingToken");
            a.send(request("r2", "job/8", null));
            long second = Msg.num(a.expect("LOCK_GRANTED"), "payload.fencingToken");
            refused(b, request("r3", "job/7", null));
            a.closeGracefully();

            assertTrue(awaitGrant(b, "job/7") > first);
            assertTrue(grant(b, "r4", "job/8", null) > second);
        }
    }

    @Test
    void aDroppedConnectionReleasesItsLocks() {
        try (TestClient b = TestClient.authenticated(server.port(), "b")) {
            TestClient a = TestClient.authenticated(server.port(), "a");
            long first = grant(a, "r1", "job/9", 60_000L);
            refused(b, request("r2", "job/9", null));
            a.close(); // drops the socket without a close frame

            assertTrue(awaitGrant(b, "job/9") > first);
        }
    }

    /** Asks for the lock until it is granted (the server frees it when it notices the disconnect); returns the token. */
    private static long awaitGrant(TestClient client, String name) {
        long deadline = System.currentTimeMillis() + 5_000;
        Value answer;
        do {
            client.send(request("retry", name, null));
            answer = client.next();
        } while ("LOCK_RELEASED".equals(Msg.type(answer)) && System.currentTimeMillis() < deadline);
        assertEquals("LOCK_GRANTED", Msg.type(answer), name + " never freed after its holder disconnected");
        return Msg.num(answer, "payload.fencingToken");
    }

    @Test
    void manyConnectionsRacingForOneLockGetOneGrantAtATime() throws Exception {
        int clients = 6;
        TestClient[] racers = new TestClient[clients];
        for (int i = 0; i < clients; i++) {
            racers[i] = TestClient.authenticated(server.port(), "racer" + i);
        }
        try {
            for (TestClient c : racers) {
                c.send(request("race", "contended", null));
            }
            int granted = 0;
            for (TestClient c : racers) {
                if ("LOCK_GRANTED".equals(Msg.type(c.next()))) {
                    granted++;
                }
            }
            assertEquals(1, granted);
        } finally {
            for (TestClient c : racers) {
                c.close();
            }
        }
    }
}
