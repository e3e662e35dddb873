package dev.syncbench.simulations.wire;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** HS256 tokens for the load users, with the claims TopGun's harness uses. */
public final class Tokens {
    private final Algorithm algorithm;

    public Tokens(String secret) {
        this.algorithm = Algorithm.HMAC256(secret);
    }

    /** A token for {@code load-user-<connection>}, valid for one hour. */
    public String forConnection(long connection) {
        Instant now = Instant.now();
        return JWT.create()
                .withSubject("load-user-" + connection)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(1, ChronoUnit.HOURS))
                .sign(algorithm);
    }
}
