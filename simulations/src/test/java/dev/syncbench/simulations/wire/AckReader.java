package dev.syncbench.simulations.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Reads just enough of a server frame to tell its {@code type} and, for OP_ACK, whether its
 * {@code payload.lastId} is a given id, without building any object: it runs on every frame
 * that arrives while an ack is awaited. Anything malformed reads as "not that".
 */
public final class AckReader {
    private static final byte[] TYPE = ascii("type");
    private static final byte[] PAYLOAD = ascii("payload");
    private static final byte[] LAST_ID = ascii("lastId");
    private static final byte[] OP_ACK = ascii("OP_ACK");
    private static final byte[] OP_REJECTED = ascii("OP_REJECTED");
    private static final byte[] ERROR = ascii("ERROR");
    private static final byte[] PONG = ascii("PONG");
    private static final byte[] OP_ID = ascii("opId");
    private static final byte[] RESULTS = ascii("results");
    private static final byte[] SUCCESS = ascii("success");
    private static final byte[] CODE = ascii("code");

    private final byte[] frame;
    private int position;
    private int keyLength;

    private AckReader(byte[] frame) {
        this.frame = frame;
    }

    /** True when the frame is an OP_ACK whose lastId equals {@code id[0..idLength)}. */
    public static boolean isAckFor(byte[] frame, byte[] id, int idLength) {
        try {
            return new AckReader(frame).readAckFor(id, idLength);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /**
     * Everything a connection needs from a server frame to tie it to its batches: OP_ACK (lastId,
     * rejected results), OP_REJECTED (opId), ERROR (code), PONG, or anything else. It runs on every
     * frame a load connection receives, so it reads bytes in place and allocates only the record.
     */
    public static Reply read(byte[] frame) {
        try {
            return new AckReader(frame).readReply();
        } catch (RuntimeException malformed) {
            return new Reply(Reply.Kind.OTHER, -1, -1, 0, 0, frame);
        }
    }

    /** True when the frame is an OP_ACK, whatever it acknowledges. */
    public static boolean isAck(byte[] frame) {
        return "OP_ACK".equals(typeOf(frame));
    }

    /**
     * A short description of a frame that is not an ack, for the report: its type, plus code and
     * message for an ERROR ("ERROR 429 rate limit exceeded, slow down"). Rare, so it may allocate.
     */
    public static String describe(byte[] frame) {
        try {
            Value value = MessagePack.newDefaultUnpacker(frame).unpackValue();
            if (!value.isMapValue()) {
                return "a non-map frame";
            }
            Map<Value, Value> map = value.asMapValue().map();
            String type = String.valueOf(map.get(ValueFactory.newString("type")));
            Value payload = map.get(ValueFactory.newString("payload"));
            if ("ERROR".equals(type) && payload != null && payload.isMapValue()) {
                Map<Value, Value> fields = payload.asMapValue().map();
                return "ERROR " + fields.get(ValueFactory.newString("code")) + " "
                        + fields.get(ValueFactory.newString("message"));
            }
            return type;
        } catch (Exception malformed) {
            return "a malformed frame";
        }
    }

    /** The frame's {@code type}, or "" when it has none or is not a MessagePack map. */
    public static String typeOf(byte[] frame) {
        try {
            AckReader reader = new AckReader(frame);
            int entries = reader.readMapHeader();
            for (int i = 0; i < entries; i++) {
                if (reader.keyEquals(reader.readKey(), TYPE)) {
                    int length = reader.readStringHeader();
                    if (length < 0) {
                        return "";
                    }
                    return new String(frame, reader.position, length, StandardCharsets.UTF_8);
                }
                reader.skipValue();
            }
        } catch (RuntimeException malformed) {
            // fall through
        }
        return "";
    }

    private Reply readReply() {
        int entries = readMapHeader();
        Reply.Kind kind = Reply.Kind.OTHER;
        int payloadAt = -1;
        for (int i = 0; i < entries; i++) {
            int key = readKey();
            if (keyEquals(key, TYPE)) {
                kind = readKind();
            } else if (keyEquals(key, PAYLOAD)) {
                payloadAt = position;
                skipValue();
            } else {
                skipValue();
            }
        }
        if (payloadAt < 0 || kind == Reply.Kind.PONG || kind == Reply.Kind.OTHER) {
            return new Reply(kind, -1, -1, 0, 0, frame);
        }
        position = payloadAt;
        long[] id = {-1, -1};
        int failedOps = 0;
        int code = 0;
        int payloadEntries = readMapHeader();
        for (int j = 0; j < payloadEntries; j++) {
            int key = readKey();
            if (kind == Reply.Kind.OP_ACK && keyEquals(key, LAST_ID)
                    || kind == Reply.Kind.OP_REJECTED && keyEquals(key, OP_ID)) {
                id = readOpId();
            } else if (kind == Reply.Kind.OP_ACK && keyEquals(key, RESULTS)) {
                failedOps = countFailedResults();
            } else if (kind == Reply.Kind.ERROR && keyEquals(key, CODE)) {
                code = (int) readInteger();
            } else {
                skipValue();
            }
        }
        return new Reply(kind, id[0], id[1], failedOps, code, frame);
    }

    private Reply.Kind readKind() {
        int start = position;
        int length = readStringHeader();
        if (length < 0) {
            position = start;
            skipValue();
            return Reply.Kind.OTHER;
        }
        int at = position;
        position += length;
        if (equalsAt(at, length, OP_ACK)) {
            return Reply.Kind.OP_ACK;
        } else if (equalsAt(at, length, OP_REJECTED)) {
            return Reply.Kind.OP_REJECTED;
        } else if (equalsAt(at, length, ERROR)) {
            return Reply.Kind.ERROR;
        } else if (equalsAt(at, length, PONG)) {
            return Reply.Kind.PONG;
        }
        return Reply.Kind.OTHER;
    }

    /** An op id {@code "<connection>-<seq>"} as {connection, seq}; {-1, -1} when it has another shape. */
    private long[] readOpId() {
        int start = position;
        int length = readStringHeader();
        if (length < 0) {
            position = start;
            skipValue();
            return new long[] {-1, -1};
        }
        int at = position;
        position += length;
        long connection = 0;
        long seq = 0;
        boolean dash = false;
        int digits = 0;
        for (int i = at; i < at + length; i++) {
            byte b = frame[i];
            if (b == '-' && !dash && digits > 0) {
                dash = true;
                digits = 0;
            } else if (b >= '0' && b <= '9' && digits < 18) {
                digits++;
                if (dash) {
                    seq = seq * 10 + (b - '0');
                } else {
                    connection = connection * 10 + (b - '0');
                }
            } else {
                return new long[] {-1, -1};
            }
        }
        return dash && digits > 0 ? new long[] {connection, seq} : new long[] {-1, -1};
    }

    /** The entries of an OP_ACK's {@code results} array that say {@code success:false}. */
    private int countFailedResults() {
        int b = frame[position] & 0xFF;
        int size;
        if ((b & 0xF0) == 0x90) {
            position++;
            size = b & 0x0F;
        } else if (b == 0xDC) {
            size = (int) readBigEndian(position + 1, 2);
            position += 3;
        } else if (b == 0xDD) {
            size = (int) readBigEndian(position + 1, 4);
            position += 5;
        } else {
            skipValue();
            return 0;
        }
        int failed = 0;
        for (int i = 0; i < size; i++) {
            int entries = readMapHeader();
            boolean success = true;
            for (int j = 0; j < entries; j++) {
                if (keyEquals(readKey(), SUCCESS)) {
                    int value = frame[position++] & 0xFF;
                    success = value != 0xC2;
                    if (value != 0xC2 && value != 0xC3) {
                        position--;
                        skipValue();
                    }
                } else {
                    skipValue();
                }
            }
            if (!success) {
                failed++;
            }
        }
        return failed;
    }

    /** A MessagePack integer of any width (or a whole float64); 0 when it is something else. */
    private long readInteger() {
        int b = frame[position] & 0xFF;
        if (b <= 0x7F) {
            position++;
            return b;
        }
        long value = switch (b) {
            case 0xCC -> readBigEndian(position + 1, 1);
            case 0xCD -> readBigEndian(position + 1, 2);
            case 0xCE -> readBigEndian(position + 1, 4);
            case 0xCF, 0xD3 -> readBigEndian(position + 1, 8);
            case 0xD0 -> (byte) frame[position + 1];
            case 0xD1 -> (short) readBigEndian(position + 1, 2);
            case 0xD2 -> (int) readBigEndian(position + 1, 4);
            case 0xCB -> (long) Double.longBitsToDouble(readBigEndian(position + 1, 8));
            default -> 0;
        };
        skipValue();
        return value;
    }

    private boolean equalsAt(int at, int length, byte[] expected) {
        return length == expected.length && Arrays.equals(frame, at, at + length, expected, 0, length);
    }

    private boolean readAckFor(byte[] id, int idLength) {
        int entries = readMapHeader();
        boolean isAck = false;
        boolean idMatches = false;
        for (int i = 0; i < entries; i++) {
            int key = readKey();
            if (keyEquals(key, TYPE)) {
                isAck = valueIsString(OP_ACK, OP_ACK.length);
                if (!isAck) {
                    return false;
                }
            } else if (keyEquals(key, PAYLOAD)) {
                int payloadEntries = readMapHeader();
                for (int j = 0; j < payloadEntries; j++) {
                    if (keyEquals(readKey(), LAST_ID)) {
                        idMatches = valueIsString(id, idLength);
                    } else {
                        skipValue();
                    }
                }
            } else {
                skipValue();
            }
        }
        return isAck && idMatches;
    }

    /**
     * Reads a map key; returns where its bytes start (length in {@link #keyLength}), or -1 for a
     * key that is not a string (skipped).
     */
    private int readKey() {
        int length = readStringHeader();
        if (length < 0) {
            skipValue();
            keyLength = 0;
            return -1;
        }
        int start = position;
        position += length;
        keyLength = length;
        return start;
    }

    private boolean keyEquals(int keyStart, byte[] expected) {
        return keyStart >= 0 && keyLength == expected.length
                && Arrays.equals(frame, keyStart, keyStart + keyLength, expected, 0, expected.length);
    }

    /** Consumes one value; true when it is a string equal to {@code expected[0..length)}. */
    private boolean valueIsString(byte[] expected, int length) {
        int start = position;
        int actual = readStringHeader();
        if (actual < 0) {
            position = start;
            skipValue();
            return false;
        }
        boolean equal = actual == length && Arrays.equals(frame, position, position + actual, expected, 0, length);
        position += actual;
        return equal;
    }

    /** The length of a string at the position (moving past its header), or -1 if it is no string. */
    private int readStringHeader() {
        int b = frame[position] & 0xFF;
        if ((b & 0xE0) == 0xA0) {
            position++;
            return b & 0x1F;
        }
        return switch (b) {
            case 0xD9 -> {
                position += 2;
                yield frame[position - 1] & 0xFF;
            }
            case 0xDA -> {
                position += 3;
                yield (int) readBigEndian(position - 2, 2);
            }
            case 0xDB -> {
                position += 5;
                yield (int) readBigEndian(position - 4, 4);
            }
            default -> -1;
        };
    }

    private int readMapHeader() {
        int b = frame[position++] & 0xFF;
        if ((b & 0xF0) == 0x80) {
            return b & 0x0F;
        }
        if (b == 0xDE) {
            position += 2;
            return (int) readBigEndian(position - 2, 2);
        }
        if (b == 0xDF) {
            position += 4;
            return (int) readBigEndian(position - 4, 4);
        }
        throw new IllegalStateException("not a map");
    }

    /** Skips one value of any kind, nested ones included, without recursion. */
    private void skipValue() {
        long pending = 1;
        while (pending > 0) {
            pending--;
            int b = frame[position++] & 0xFF;
            if (b <= 0x7F || b >= 0xE0) {
                continue; // fixint
            }
            if ((b & 0xF0) == 0x80) {
                pending += 2L * (b & 0x0F);
                continue;
            }
            if ((b & 0xF0) == 0x90) {
                pending += b & 0x0F;
                continue;
            }
            if ((b & 0xE0) == 0xA0) {
                position += b & 0x1F;
                continue;
            }
            switch (b) {
                case 0xC0, 0xC2, 0xC3 -> { }
                case 0xCC, 0xD0 -> position += 1;
                case 0xCD, 0xD1 -> position += 2;
                case 0xCA, 0xCE, 0xD2 -> position += 4;
                case 0xCB, 0xCF, 0xD3 -> position += 8;
                case 0xD4 -> position += 2;
                case 0xD5 -> position += 3;
                case 0xD6 -> position += 5;
                case 0xD7 -> position += 9;
                case 0xD8 -> position += 17;
                case 0xC4, 0xD9 -> position += 1 + (frame[position] & 0xFF);
                case 0xC5, 0xDA -> position += 2 + (int) readBigEndian(position, 2);
                case 0xC6, 0xDB -> position += 4 + (int) readBigEndian(position, 4);
                case 0xC7 -> position += 2 + (frame[position] & 0xFF);
                case 0xC8 -> position += 3 + (int) readBigEndian(position, 2);
                case 0xC9 -> position += 5 + (int) readBigEndian(position, 4);
                case 0xDC -> {
                    pending += readBigEndian(position, 2);
                    position += 2;
                }
                case 0xDD -> {
                    pending += readBigEndian(position, 4);
                    position += 4;
                }
                case 0xDE -> {
                    pending += 2 * readBigEndian(position, 2);
                    position += 2;
                }
                case 0xDF -> {
                    pending += 2 * readBigEndian(position, 4);
                    position += 4;
                }
                default -> throw new IllegalStateException("reserved byte 0xC1");
            }
        }
    }

    private long readBigEndian(int at, int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (frame[at + i] & 0xFF);
        }
        return value;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
