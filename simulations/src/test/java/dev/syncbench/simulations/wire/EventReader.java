package dev.syncbench.simulations.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.value.ValueType;

/**
 * Reads what a subscriber needs from a server frame: its {@code type} and, for a SERVER_EVENT, the
 * writer's send time {@code t} inside the record value ({@code payload.record.value.t}). A frame
 * of another type is read no further once its type is known.
 * Anything malformed reads as type "" without a time.
 *
 * <p>A subscriber reads tens of thousands of frames a second in the injector's JVM, so field names
 * and the common types are matched as bytes, and the event's key is kept as bytes: no string is
 * built per event.
 */
public final class EventReader {
    public static final String SERVER_EVENT = "SERVER_EVENT";
    public static final String QUERY_UPDATE = "QUERY_UPDATE";

    /** A frame's type and the send time its value carries, when it carries one. */
    /** The key as its UTF-8 bytes: a subscriber identifies events by them without building a string. */
    public record Inbound(String type, boolean hasSendTime, long sendNanos, byte[] key) {
        static final Inbound MALFORMED = new Inbound("", false, 0, null);

        String keyText() {
            return key == null ? null : new String(key, StandardCharsets.UTF_8);
        }
    }

    /** The strings matched without decoding: the field names read and the frame types counted most. */
    private static final List<String> KNOWN = List.of("type", "payload", "key", "record", "value", "t",
            SERVER_EVENT, QUERY_UPDATE);
    private static final byte[][] KNOWN_BYTES = KNOWN.stream()
            .map(name -> name.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    private EventReader() {
    }

    public static Inbound read(byte[] frame) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(frame)) {
            String type = "";
            long[] time = null;
            byte[][] eventKey = {null};
            int entries = unpacker.unpackMapHeader();
            for (int i = 0; i < entries; i++) {
                String key = knownNameOrSkip(unpacker);
                if ("type".equals(key) && unpacker.getNextFormat().getValueType() == ValueType.STRING) {
                    type = knownOrDecoded(unpacker);
                    if (!type.equals(SERVER_EVENT)) {
                        return new Inbound(type, false, 0, null); // only events are read further
                    }
                } else if ("payload".equals(key)) {
                    time = keyAndSendTimeIn(unpacker, eventKey);
                } else {
                    unpacker.skipValue();
                }
            }
            return time == null ? new Inbound(type, false, 0, eventKey[0]) : new Inbound(type, true, time[0], eventKey[0]);
        } catch (IOException | RuntimeException malformed) {
            return Inbound.MALFORMED;
        }
    }

    /** Looks for {@code key} (into {@code key[0]}) and {@code record.value.t} in a SERVER_EVENT payload. */
    private static long[] keyAndSendTimeIn(MessageUnpacker unpacker, byte[][] key) throws IOException {
        if (!isMap(unpacker)) {
            unpacker.skipValue();
            return null;
        }
        long[] time = null;
        int entries = unpacker.unpackMapHeader();
        for (int i = 0; i < entries; i++) {
            String name = knownNameOrSkip(unpacker);
            if ("key".equals(name) && unpacker.getNextFormat().getValueType() == ValueType.STRING) {
                key[0] = unpacker.readPayload(unpacker.unpackRawStringHeader());
            } else if ("record".equals(name)) {
                time = valueIn(unpacker, "value", value -> valueIn(value, "t", EventReader::integer));
            } else {
                unpacker.skipValue();
            }
        }
        return time;
    }

    /** Reads one value of the frame; null when it is not the kind looked for (and then skipped). */
    private interface ValueReader {
        long[] read(MessageUnpacker unpacker) throws IOException;
    }

    /**
     * In the map that comes next, the value under {@code key} as {@code reader} reads it; every other
     * entry is skipped. Null when the next value is no map or has no such key.
     */
    private static long[] valueIn(MessageUnpacker unpacker, String key, ValueReader reader) throws IOException {
        if (!isMap(unpacker)) {
            unpacker.skipValue();
            return null;
        }
        long[] found = null;
        int entries = unpacker.unpackMapHeader();
        for (int i = 0; i < entries; i++) {
            if (key.equals(knownNameOrSkip(unpacker))) {
                found = reader.read(unpacker);
            } else {
                unpacker.skipValue();
            }
        }
        return found;
    }

    private static long[] integer(MessageUnpacker unpacker) throws IOException {
        if (unpacker.getNextFormat().getValueType() == ValueType.INTEGER) {
            return new long[] {unpacker.unpackLong()};
        }
        unpacker.skipValue();
        return null;
    }

    /** A map key that is one of {@link #KNOWN}, as that constant; null (and read past) for any other key. */
    private static String knownNameOrSkip(MessageUnpacker unpacker) throws IOException {
        if (unpacker.getNextFormat().getValueType() != ValueType.STRING) {
            unpacker.skipValue();
            return null;
        }
        int length = unpacker.unpackRawStringHeader();
        return known(unpacker.readPayloadAsReference(length), length);
    }

    /** The next string, without decoding it when it is one of {@link #KNOWN}. */
    private static String knownOrDecoded(MessageUnpacker unpacker) throws IOException {
        int length = unpacker.unpackRawStringHeader();
        MessageBuffer bytes = unpacker.readPayloadAsReference(length);
        String known = known(bytes, length);
        return known != null ? known : new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    private static String known(MessageBuffer bytes, int length) {
        for (int k = 0; k < KNOWN_BYTES.length; k++) {
            byte[] candidate = KNOWN_BYTES[k];
            if (candidate.length == length && sameBytes(bytes, candidate)) {
                return KNOWN.get(k);
            }
        }
        return null;
    }

    private static boolean sameBytes(MessageBuffer bytes, byte[] candidate) {
        for (int i = 0; i < candidate.length; i++) {
            if (bytes.getByte(i) != candidate[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMap(MessageUnpacker unpacker) throws IOException {
        MessageFormat format = unpacker.getNextFormat();
        return format.getValueType() == ValueType.MAP;
    }
}
