package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.syncbench.SyncServer;
import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestServers;
import dev.syncbench.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

class AuthE2ETest {
    private static final Algorithm HS256 = Algorithm.HMAC256(Tokens.SECRET.getBytes(StandardCharsets.UTF_8));
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void connectGetsAuthRequiredThenAuthAckWithTheTokenSubject() {
        try (TestClient client = TestClient.connect(server.port())) {
            Value required = client.expect("AUTH_REQUIRED");
            assertEquals(1, required.asMapValue().size(), "AUTH_REQUIRED carries only its type");
            client.send(map("type", "AUTH", "token", Tokens.valid("alice")));
            assertEquals("alice", Msg.str(client.expect("AUTH_ACK"), "userId"));
            client.ping();
        }
    }

    @Test
    void tokenSignedWithAnotherSecretFails() {
        String token = JWT.create().withSubject("mallory").withExpiresAt(Instant.now().plusSeconds(60))
                .sign(Algorithm.HMAC256("another-secret"));
        assertAuthFails(token);
    }

    @Test
    void expiredTokenFailsBeyondTheLeeway() {
        assertAuthFails(JWT.create().withSubject("late").withExpiresAt(Instant.now().minusSeconds(120)).sign(HS256));
    }

    @Test
    void tokenExpiredWithinTheLeewayIsAccepted() {
        String token = JWT.create().withSubject("just-late").withExpiresAt(Instant.now().minusSeconds(30)).sign(HS256);
        try (TestClient client = TestClient.connect(server.port())) {
            client.expect("AUTH_REQUIRED");
            client.send(map("type", "AUTH", "token", token));
            assertEquals("just-late", Msg.str(client.expect("AUTH_ACK"), "userId"));
        }
    }

    @Test
    void tokenWithoutExpFails() {
        assertAuthFails(JWT.create().withSubject("forever").sign(HS256));
    }

    @Test
    void tokenWhoseSubIsNotAStringFails() {
        assertAuthFails(JWT.create().withClaim("sub", 42).withExpiresAt(Instant.now().plusSeconds(60)).sign(HS256));
    }

    @Test
    void unsignedAlgNoneTokenFails() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"root\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        assertAuthFails(header + "." + claims + ".");
    }

    @Test
    void tokenSignedWithAnotherAlgorithmFailsEvenWithAValidSignature() throws Exception {
        // The algorithm is pinned by the server's key: an RS256 token is refused by an HS256 server, however well signed.
        KeyPair rsa = rsaKeyPair();
        assertAuthFails(JWT.create().withSubject("rsa-user").withExpiresAt(Instant.now().plusSeconds(60))
                .sign(Algorithm.RSA256((RSAPublicKey) rsa.getPublic(), (RSAPrivateKey) rsa.getPrivate())));
        assertAuthFails(JWT.create().withSubject("hs512-user").withExpiresAt(Instant.now().plusSeconds(60))
                .sign(Algorithm.HMAC512(Tokens.SECRET.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void rsaPublicKeyAsSecretVerifiesRs256AndIsNeverUsedAsAnHmacSecret() throws Exception {
        KeyPair rsa = rsaKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try (SyncServer rs256 = SyncServer.start(TestServers.config().jwtSecret(pem).build())) {
            String signed = JWT.create().withSubject("rsa-user").withExpiresAt(Instant.now().plusSeconds(60))
                    .sign(Algorithm.RSA256((RSAPublicKey) rsa.getPublic(), (RSAPrivateKey) rsa.getPrivate()));
            try (TestClient client = TestClient.connect(rs256.port())) {
                client.expect("AUTH_REQUIRED");
                client.send(map("type", "AUTH", "token", signed));
                assertEquals("rsa-user", Msg.str(client.expect("AUTH_ACK"), "userId"));
            }
            // Algorithm confusion: the public key is public, so an HS256 token "signed" with its text must fail.
            assertAuthFails(rs256.port(), JWT.create().withSubject("forger").withExpiresAt(Instant.now().plusSeconds(60))
                    .sign(Algorithm.HMAC256(pem.getBytes(StandardCharsets.UTF_8))));
            assertAuthFails(rs256.port(), JWT.create().withSubject("forger").withExpiresAt(Instant.now().plusSeconds(60))
                    .sign(Algorithm.HMAC256(pem.strip().getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void sessionWhoseTokenExpiresIsClosedWith1008() {
        // Accepted within the leeway, about 2 s before exp + leeway passes (exp is in whole seconds).
        Instant exp = Instant.now().minusSeconds(57).truncatedTo(ChronoUnit.SECONDS);
        String token = JWT.create().withSubject("expiring").withExpiresAt(exp).sign(HS256);
        try (TestClient client = TestClient.connect(server.port())) {
            client.expect("AUTH_REQUIRED");
            client.send(map("type", "AUTH", "token", token));
            client.expect("AUTH_ACK");
            client.ping();
            assertEquals(1008, client.awaitClose());
            assertEquals("token expired", client.closeReason());
            long closedAfterExpiry = System.currentTimeMillis() - exp.plusSeconds(60).toEpochMilli();
            assertTrue(closedAfterExpiry >= 0 && closedAfterExpiry < 3_000, "closed " + closedAfterExpiry + " ms after expiry");
        }
        try (TestClient other = TestClient.authenticated(server.port(), "neighbour")) {
            other.ping();
        }
    }

    @Test
    void garbageTokenFails() {
        assertAuthFails("not-a-jwt");
    }

    @Test
    void pingIsAnsweredBeforeAuthentication() {
        try (TestClient client = TestClient.connect(server.port())) {
            client.expect("AUTH_REQUIRED");
            client.send(map("type", "PING", "timestamp", 1_700_000_000_000L));
            Value pong = client.expect("PONG");
            assertEquals(1_700_000_000_000L, Msg.num(pong, "timestamp"));
            assertTrue(Msg.num(pong, "serverTime") > 1_700_000_000_000L);
        }
    }

    @Test
    void writeBeforeAuthenticationGetsError401AndChangesNothing() {
        long before = server.store().lwwRecordCount();
        try (TestClient client = TestClient.connect(server.port())) {
            client.expect("AUTH_REQUIRED");
            client.send(Msg.opBatch(Msg.put("1", "early", "k", "v", System.currentTimeMillis())));
            Value error = client.expect("ERROR");
            assertEquals(401, Msg.num(error, "payload.code"));
            assertEquals("authenticate first", Msg.str(error, "payload.message"));
            client.send(map("type", "AUTH", "token", Tokens.valid("bob")));
            client.expect("AUTH_ACK");
        }
        assertNull(server.store().getLww("early", "k"));
        assertEquals(before, server.store().lwwRecordCount());
    }

    @Test
    void connectionThatNeverAuthenticatesIsClosedWith1008() {
        try (SyncServer quick = SyncServer.start(TestServers.config().authTimeout(Duration.ofMillis(300)).build());
             TestClient client = TestClient.connect(quick.port())) {
            client.expect("AUTH_REQUIRED");
            assertEquals(1008, client.awaitClose());
            assertEquals("authentication timeout", client.closeReason());
        }
    }

    @Test
    void silentConnectionIsClosedWith1000AndActivityKeepsItOpen() throws InterruptedException {
        try (SyncServer quick = SyncServer.start(TestServers.config().idleTimeout(Duration.ofMillis(800)).build());
             TestClient chatty = TestClient.authenticated(quick.port(), "chatty");
             TestClient silent = TestClient.authenticated(quick.port(), "silent")) {
            for (int i = 0; i < 8; i++) {
                Thread.sleep(200);
                chatty.ping();
            }
            assertEquals(1000, silent.awaitClose());
            assertEquals("idle timeout", silent.closeReason());
            chatty.ping();
        }
    }

    private static KeyPair rsaKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static void assertAuthFails(String token) {
        assertAuthFails(server.port(), token);
    }

    private static void assertAuthFails(int port, String token) {
        try (TestClient client = TestClient.connect(port)) {
            client.expect("AUTH_REQUIRED");
            client.send(map("type", "AUTH", "token", token));
            Value fail = client.expect("AUTH_FAIL");
            assertEquals("Authentication failed", Msg.str(fail, "error"));
            assertEquals(401, Msg.num(fail, "code"));
            assertEquals(1008, client.awaitClose());
        }
        // Neighbours are unaffected.
        try (TestClient other = TestClient.authenticated(server.port(), "neighbour")) {
            other.ping();
        }
    }
}
