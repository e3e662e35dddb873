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

    public static String valid(String subject) {
        return JWT.create().withSubject(subject).withExpiresAt(Instant.now().plusSeconds(3600))
                .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    }
}
