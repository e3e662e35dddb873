package dev.syncbench.net;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Verifies AUTH tokens: HS256 under the configured secret, or, as TopGun does, RS256 when the
 * secret is an RSA public key in PEM form ({@code -----BEGIN PUBLIC KEY-----}; a literal
 * {@code \n} stands for a newline). The algorithm is pinned by the key: a token whose header names
 * another one, {@code none} included, is refused, so a public key can never serve as an HMAC
 * secret. {@code exp} is required with 60 s of leeway, {@code sub} must be a string.
 */
public final class JwtAuthenticator {
    static final long LEEWAY_SECONDS = 60;
    private static final String PEM_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----";

    private final JWTVerifier verifier;

    /** @throws IllegalArgumentException when the secret looks like a PEM key that is not an RSA public key */
    public JwtAuthenticator(String secret) {
        this.verifier = JWT.require(algorithm(secret))
                .acceptLeeway(LEEWAY_SECONDS)
                .build();
    }

    /** @throws IllegalArgumentException with a sentence for the operator when the secret cannot be used */
    public static void checkSecret(String secret) {
        algorithm(secret);
    }

    private static Algorithm algorithm(String secret) {
        String pem = secret.replace("\\n", "\n").strip();
        if (!pem.startsWith("-----BEGIN")) {
            return Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8));
        }
        // A PEM secret is never used as HMAC bytes: its text is public.
        if (!pem.startsWith(PEM_PUBLIC_KEY)) {
            throw new IllegalArgumentException("JWT_SECRET is a PEM block but not an RSA public key ("
                    + PEM_PUBLIC_KEY + "): give the HS256 secret, or the RSA public key that verifies RS256 tokens");
        }
        String base64 = pem.substring(PEM_PUBLIC_KEY.length()).replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return Algorithm.RSA256(key, null);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("JWT_SECRET is a PEM block that does not hold an RSA public key: " + e.getMessage());
        }
    }

    /**
     * Returns the principal, or throws with the reason (logged, never sent to the client).
     *
     * <p>Runs on a thread of its own that ends with it: java-jwt reads the token with Jackson,
     * whose buffers are kept per thread, and a connection's thread lives as long as the
     * connection: 8 KB more for every idle connection.
     */
    public Principal verify(String token) throws AuthenticationException {
        FutureTask<Principal> verification = new FutureTask<>(() -> verifyHere(token));
        Thread.ofVirtual().name("jwt-verify").start(verification);
        try {
            return verification.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("interrupted while verifying the token");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException refused) {
                throw refused;
            }
            throw new AuthenticationException("token cannot be read: " + e.getCause());
        }
    }

    private Principal verifyHere(String token) throws AuthenticationException {
        try {
            return principalOf(verifier.verify(token));
        } catch (JWTVerificationException e) {
            throw new AuthenticationException(e.getMessage());
        } catch (RuntimeException e) {
            // java-jwt throws more than its own exceptions on some well-signed payloads (a JSON null
            // payload: NullPointerException); a token it cannot read is refused like any other.
            throw new AuthenticationException("token cannot be read: " + e);
        }
    }

    private static Principal principalOf(DecodedJWT jwt) throws AuthenticationException {
        // As an Instant: the Date form overflows (ArithmeticException) for an exp past year 292,278,994.
        Instant expiresAt = jwt.getExpiresAtAsInstant();
        if (expiresAt == null) {
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
        return new Principal(subject, stringRoles, validUntilMillis(expiresAt.getEpochSecond()));
    }

    /** exp plus the leeway in epoch milliseconds, saturating: an exp ages away means never. */
    static long validUntilMillis(long expSeconds) {
        return expSeconds >= Long.MAX_VALUE / 1000 - LEEWAY_SECONDS ? Long.MAX_VALUE : (expSeconds + LEEWAY_SECONDS) * 1000;
    }

    public static final class AuthenticationException extends Exception {
        public AuthenticationException(String message) {
            super(message);
        }
    }
}
