package dev.syncbench.support;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** JWTs for tests, signed the way TopGun's clients and harness sign them. */
public final class Tokens {
    public static final String SECRET = "test-e2e-secret";

    private Tokens() {
    }

    /** A token carrying a {@code roles} claim. */
    public static String withRoles(String subject, String... roles) {
        return JWT.create().withSubject(subject).withArrayClaim("roles", roles)
                .withExpiresAt(Instant.now().plusSeconds(3600))
                .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    /** An admin token whose exp lies beyond the 60 s leeway in the past. */
    public static String expiredAdmin(String subject) {
        return JWT.create().withSubject(subject).withArrayClaim("roles", new String[] {"admin"})
                .withExpiresAt(Instant.now().minusSeconds(600))
                .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    public static String valid(String subject) {
        return JWT.create().withSubject(subject).withExpiresAt(Instant.now().plusSeconds(3600))
                .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    }
}
