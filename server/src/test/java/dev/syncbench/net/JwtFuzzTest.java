package dev.syncbench.net;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.syncbench.support.FuzzBounds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fuzzes AUTH's token handling, {@link JwtAuthenticator#verify}: any string gives a principal or
 * an {@link JwtAuthenticator.AuthenticationException} (AUTH_FAIL), never another exception. A
 * random string rarely gets past the signature, so the second target signs fuzzed header and
 * claims JSON with the server's own secret, which reaches the claim checks (exp, sub, roles).
 */
class JwtFuzzTest {
    static final String SECRET = "jwt-fuzz-secret";
    private static final JwtAuthenticator AUTHENTICATOR = new JwtAuthenticator(SECRET);

    /** The token as the AUTH frame's string carries it (UTF-8). */
    @FuzzTest(maxDuration = "30s")
    void anyToken(byte[] token) {
        if (token.length > FuzzBounds.MAX_INPUT_BYTES) {
            return;
        }
        verifiesOrRefuses(new String(token, StandardCharsets.UTF_8));
    }

    /** Header JSON, a newline, claims JSON; HS256-signed under the server's secret. */
    @FuzzTest(maxDuration = "30s")
    void signedToken(byte[] input) {
        if (input.length > FuzzBounds.MAX_INPUT_BYTES) {
            return;
        }
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String header = newline < 0 ? "{\"alg\":\"HS256\"}" : text.substring(0, newline);
        verifiesOrRefuses(sign(header, text.substring(newline + 1)));
    }

    private static void verifiesOrRefuses(String token) {
        try {
            Principal principal = AUTHENTICATOR.verify(token);
            assertNotNull(principal.userId());
            assertNotNull(principal.roles());
        } catch (JwtAuthenticator.AuthenticationException e) {
            assertNotNull(e.getMessage(), "a refusal says why (in the server's log)");
        }
    }

    static String sign(String header, String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + base64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
