package dev.syncbench.net;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Verifies AUTH tokens: HS256 under the configured secret, {@code exp} required with 60 s of
 * leeway, {@code sub} a string. Any other algorithm, including {@code none}, is refused.
 */
public final class JwtAuthenticator {
    static final long LEEWAY_SECONDS = 60;

    private final JWTVerifier verifier;

    public JwtAuthenticator(String secret) {
        this.verifier = JWT.require(Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8)))
                .acceptLeeway(LEEWAY_SECONDS)
                .build();
    }

    /** Returns the principal, or throws with the reason (logged, never sent to the client). */
    public Principal verify(String token) throws AuthenticationException {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (JWTVerificationException e) {
            throw new AuthenticationException(e.getMessage());
        }
        if (jwt.getExpiresAt() == null) {
            throw new AuthenticationException("token has no exp claim");
        }
        String subject = jwt.getClaim("sub").asString();
        if (subject == null || subject.isEmpty()) {
            throw new AuthenticationException("token sub claim is missing or not a string");
        }
        List<Object> roles = jwt.getClaim("roles").isMissing() || jwt.getClaim("roles").isNull()
                ? List.of() : jwt.getClaim("roles").asList(Object.class);
        List<String> stringRoles = roles == null ? List.of()
                : roles.stream().filter(Objects::nonNull).filter(String.class::isInstance).map(String.class::cast).toList();
        return new Principal(subject, stringRoles);
    }

    public static final class AuthenticationException extends Exception {
        public AuthenticationException(String message) {
            super(message);
        }
    }
}
