package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
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
}
