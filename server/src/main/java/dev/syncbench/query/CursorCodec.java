package dev.syncbench.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * Makes and checks the opaque {@code nextCursor} strings. A cursor is
 * {@code base64url(payload) "." base64url(HMAC-SHA256(payload))}, where the payload is the
 * MessagePack array {@code [version, issuedAtMillis, queryFingerprint, lastKey, [lastSortValues…]]}.
 * The signature makes a forged or edited cursor detectable; the fingerprint ties it to one
 * query's predicate and sort. Thread-safe: a Mac is created per call.
 */
public final class CursorCodec {
    /** A cursor older than this is answered with "expired". */
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    private static final int VERSION = 1;
    private static final String ALGORITHM = "HmacSHA256";
    /** Sort values come from stored records, which are at most this deep (PROTOCOL §9). */
    private static final int MAX_SORT_VALUE_DEPTH = 256;
    /** Longer strings are rejected before any decoding work. */
    private static final int MAX_CURSOR_LENGTH = 16 * 1024;

    /** The outcome of reading a cursor; position is set only when the status is VALID. */
    public record Decoded(CursorStatus status, List<Value> sortValues, String key) {
        static Decoded of(CursorStatus status) {
            return new Decoded(status, null, null);
        }
    }

    private final SecretKeySpec key;
    private final Clock clock;

    public CursorCodec(byte[] key, Clock clock) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("cursor signing key must not be empty");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CursorCodec(byte[] key) {
        this(key, Clock.systemUTC());
    }

    /** A codec with a fresh random key: its cursors are valid until the server restarts. */
    public static CursorCodec withRandomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new CursorCodec(key);
    }

    /** A cursor naming the position of the last row sent (its sort values and key) in the query identified by fingerprint. */
    public String encode(List<Value> sortValues, String key, byte[] fingerprint) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packArrayHeader(5);
            packer.packInt(VERSION);
            packer.packLong(clock.millis());
            packer.packBinaryHeader(fingerprint.length);
            packer.writePayload(fingerprint);
            packer.packString(key);
            packer.packArrayHeader(sortValues.size());
            for (Value value : sortValues) {
                packer.packValue(value);
            }
            byte[] payload = packer.toByteArray();
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            return base64.encodeToString(payload) + "." + base64.encodeToString(sign(payload));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a cursor given to the query identified by fingerprint; null means no cursor. Never throws on bad input. */
    public Decoded decode(String cursor, byte[] fingerprint) {
        if (cursor == null) {
            return Decoded.of(CursorStatus.NONE);
        }
        if (cursor.length() > MAX_CURSOR_LENGTH) {
            return Decoded.of(CursorStatus.INVALID);
        }
        int dot = cursor.indexOf('.');
        if (dot < 0) {
            return Decoded.of(CursorStatus.INVALID);
        }
        byte[] payload;
        byte[] signature;
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            payload = base64.decode(cursor.substring(0, dot));
            signature = base64.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Decoded.of(CursorStatus.INVALID);
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            return Decoded.of(CursorStatus.INVALID);
        }
        // Signed by us, so the payload is well formed; the checks below guard against version changes,
        // and against a leaked key: no count in it is trusted before its values are seen to be there.
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
            if (unpacker.unpackArrayHeader() != 5 || unpacker.unpackInt() != VERSION) {
                return Decoded.of(CursorStatus.INVALID);
            }
            long issuedAt = unpacker.unpackLong();
            byte[] issuedFor = unpacker.readPayload(unpacker.unpackBinaryHeader());
            String key = unpacker.unpackString();
            int count = unpacker.unpackArrayHeader();
            if (!holdsValues(payload, (int) unpacker.getTotalReadBytes(), count)) {
                return Decoded.of(CursorStatus.INVALID);
            }
            List<Value> sortValues = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                sortValues.add(unpacker.unpackValue());
            }
            if (!Arrays.equals(issuedFor, fingerprint)) {
                return Decoded.of(CursorStatus.INVALID);
            }
            if (clock.millis() - issuedAt > LIFETIME.toMillis()) {
                return Decoded.of(CursorStatus.EXPIRED);
            }
            return new Decoded(CursorStatus.VALID, List.copyOf(sortValues), key);
        } catch (IOException | RuntimeException e) {
            return Decoded.of(CursorStatus.INVALID);
        }
    }

    /**
     * True when {@code payload} from {@code offset} holds exactly {@code count} complete values nested
     * at most {@link #MAX_SORT_VALUE_DEPTH} deep. Walked without recursion or allocation, so the tree
     * building that follows neither reserves room for a count the bytes cannot hold nor recurses
     * deeper than any stored value can be.
     */
    private static boolean holdsValues(byte[] payload, int offset, int count) throws IOException {
        long[] remaining = new long[MAX_SORT_VALUE_DEPTH + 1];
        int depth = 0;
        remaining[0] = count;
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(payload, offset, payload.length - offset)) {
            while (depth >= 0) {
                if (remaining[depth] == 0) {
                    depth--;
                    continue;
                }
                remaining[depth]--;
                long children = switch (in.getNextFormat().getValueType()) {
                    case ARRAY -> in.unpackArrayHeader();
                    case MAP -> 2L * in.unpackMapHeader();
                    default -> {
                        in.skipValue();
                        yield 0;
                    }
                };
                if (children > payload.length || (children > 0 && depth == MAX_SORT_VALUE_DEPTH)) {
                    return false;
                }
                if (children > 0) {
                    remaining[++depth] = children;
                }
            }
            return !in.hasNext();
        }
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
