package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;

class CursorCodecTest {
    private static final byte[] KEY = "test-key".getBytes();
    private static final byte[] QUERY = {9, 9, 9};
    private static final List<Value> SORT_VALUES = List.of(Json.value("42"), Json.value("'x'"));

    private final MutableClock clock = new MutableClock();
    private final CursorCodec codec = new CursorCodec(KEY, clock);

    /** A clock tests can move forward. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    @Test
    void noCursorIsNone() {
        assertEquals(CursorStatus.NONE, codec.decode(null, QUERY).status());
    }

    @Test
    void ownCursorRoundTripsItsPosition() {
        String cursor = codec.encode(SORT_VALUES, "key-7", QUERY);
        CursorCodec.Decoded decoded = codec.decode(cursor, QUERY);
        assertEquals(CursorStatus.VALID, decoded.status());
        assertEquals(SORT_VALUES, decoded.sortValues());
        assertEquals("key-7", decoded.key());
    }

    @Test
    void cursorIsUrlSafe() {
        String cursor = codec.encode(SORT_VALUES, "a/b+c?", QUERY);
        assertFalse(cursor.contains("+") || cursor.contains("/") || cursor.contains("="), cursor);
    }

    @Test
    void cursorOfAnotherQueryIsInvalid() {
        String cursor = codec.encode(SORT_VALUES, "k", QUERY);
        assertEquals(CursorStatus.INVALID, codec.decode(cursor, new byte[] {1}).status());
    }

    @Test
    void cursorSignedWithAnotherKeyIsInvalid() {
        String cursor = new CursorCodec("other-key".getBytes(), clock).encode(SORT_VALUES, "k", QUERY);
        assertEquals(CursorStatus.INVALID, codec.decode(cursor, QUERY).status());
    }

    @Test
    void editedPayloadIsInvalid() {
        String cursor = codec.encode(SORT_VALUES, "key-1", QUERY);
        String[] parts = cursor.split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[0]);
        payload[payload.length - 1] ^= 1;
        String edited = Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "." + parts[1];
        assertEquals(CursorStatus.INVALID, codec.decode(edited, QUERY).status());
    }

    @Test
    void garbageIsInvalid() {
        for (String garbage : List.of("", "abc", "a.b", "!!!.???", ".", "x".repeat(20_000))) {
            assertEquals(CursorStatus.INVALID, codec.decode(garbage, QUERY).status(), garbage);
        }
    }

    @Test
    void cursorExpiresAfterTenMinutes() {
        String cursor = codec.encode(SORT_VALUES, "k", QUERY);
        clock.advance(Duration.ofMinutes(10));
        assertEquals(CursorStatus.VALID, codec.decode(cursor, QUERY).status());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(CursorStatus.EXPIRED, codec.decode(cursor, QUERY).status());
    }

    @Test
    void statusWireNamesAreLowercase() {
        assertEquals("none", CursorStatus.NONE.wireName());
        assertEquals("valid", CursorStatus.VALID.wireName());
        assertEquals("invalid", CursorStatus.INVALID.wireName());
        assertEquals("expired", CursorStatus.EXPIRED.wireName());
    }

    // Found by QueryFuzzTest.signedCursor: the sort value count was trusted, and an array claiming
    // 2^31 - 1 values ran the server out of memory. Only a holder of the signing key could send one.
    @Test
    void signedCursorClaimingMoreSortValuesThanItHoldsIsInvalid() {
        byte[] claimsTooMany = {(byte) 0xdd, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        assertEquals(CursorStatus.INVALID, codec.decode(signed(payloadThenSortValues(claimsTooMany)), QUERY).status());
        byte[] nestedClaim = {(byte) 0x91, (byte) 0xdd, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertEquals(CursorStatus.INVALID, codec.decode(signed(payloadThenSortValues(nestedClaim)), QUERY).status());
    }

    @Test
    void signedCursorNestedDeeperThanAnyStoredValueIsInvalidWithoutDeepRecursion() {
        byte[] deep = new byte[10_001];
        Arrays.fill(deep, (byte) 0x91); // [[[[…]]]]
        deep[deep.length - 1] = (byte) 0xc0;
        byte[] sortValues = new byte[deep.length + 1];
        sortValues[0] = (byte) 0x91;
        System.arraycopy(deep, 0, sortValues, 1, deep.length);
        assertEquals(CursorStatus.INVALID, codec.decode(signed(payloadThenSortValues(sortValues)), QUERY).status());
    }

    /** {@code [1, now, QUERY, "k", <sortValues>]} with the sort values' bytes as given. */
    private byte[] payloadThenSortValues(byte[] sortValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x95, 0x01, (byte) 0xd3});
        long now = clock.millis();
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (now >>> shift));
        }
        out.writeBytes(new byte[] {(byte) 0xc4, (byte) QUERY.length});
        out.writeBytes(QUERY);
        out.writeBytes(new byte[] {(byte) 0xa1, 'k'});
        out.writeBytes(sortValues);
        return out.toByteArray();
    }

    /** A cursor carrying the codec's own valid signature over {@code payload}. */
    private static String signed(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            return base64.encodeToString(payload) + "." + base64.encodeToString(mac.doFinal(payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
