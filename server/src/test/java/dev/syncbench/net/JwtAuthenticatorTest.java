package dev.syncbench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Token checks that need no socket; the end-to-end cases are in AuthE2ETest. */
class JwtAuthenticatorTest {

    @Test
    void pemSecretThatIsNotAnRsaPublicKeyIsRefusedAtStartup() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String privatePem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JwtAuthenticator.checkSecret(privatePem));
        assertTrue(e.getMessage().startsWith("JWT_SECRET is a PEM block but not an RSA public key"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> JwtAuthenticator.checkSecret("-----BEGIN PUBLIC KEY-----\\nbm90IGEga2V5\\n-----END PUBLIC KEY-----"));
    }

    // Found by JwtFuzzTest.signedToken: exp read as a Date overflowed (ArithmeticException out of
    // verify), so the server answered such an AUTH with ERROR 500 and a logged stack trace.
    @Test
    void expBeyondTheMillisecondRangeIsReadWithoutOverflow() throws Exception {
        String token = JwtFuzzTest.sign("{\"alg\":\"HS256\"}", "{\"sub\":\"far\",\"exp\":20512224102444008}");
        Principal principal = new JwtAuthenticator(JwtFuzzTest.SECRET).verify(token);
        assertEquals("far", principal.userId());
        assertEquals(Long.MAX_VALUE, principal.validUntilMillis());
    }

    // Found by JwtFuzzTest.signedToken: a well-signed token whose payload is JSON null made java-jwt
    // throw a NullPointerException out of verify (ERROR 500 and a stack trace instead of AUTH_FAIL).
    @Test
    void signedTokenWhosePayloadIsNotAnObjectIsRefused() {
        JwtAuthenticator authenticator = new JwtAuthenticator(JwtFuzzTest.SECRET);
        for (String claims : new String[] {"null", "[]", "42", "\"sub\""}) {
            String token = JwtFuzzTest.sign("{\"alg\":\"HS256\"}", claims);
            assertThrows(JwtAuthenticator.AuthenticationException.class, () -> authenticator.verify(token), claims);
        }
    }

    @Test
    void validityEndsAtExpPlusTheLeewayAndSaturates() {
        assertEquals((1_000 + JwtAuthenticator.LEEWAY_SECONDS) * 1000, JwtAuthenticator.validUntilMillis(1_000));
        assertEquals(Long.MAX_VALUE, JwtAuthenticator.validUntilMillis(Long.MAX_VALUE / 1000));
        assertEquals(Long.MAX_VALUE, JwtAuthenticator.validUntilMillis(Long.MAX_VALUE));
    }
}
