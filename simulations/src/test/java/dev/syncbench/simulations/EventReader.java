package dev.syncbench.simulations;

import java.io.IOException;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Reads what a subscriber needs from a server frame: its {@code type} and, for a SERVER_EVENT, the
 * writer's send time {@code t} inside the record value ({@code payload.record.value.t}). A frame
 * of another type is read no further once its type is known.
 * Anything malformed reads as type "" without a time.
 */
public final class EventReader {
    public static final String SERVER_EVENT = "SERVER_EVENT";
    public static final String QUERY_UPDATE = "QUERY_UPDATE";

    /** A frame's type and the send time its value carries, when it carries one. */
    public record Inbound(String type, boolean hasSendTime, long sendNanos, String key) {
        static final Inbound MALFORMED = new Inbound("", false, 0, null);
    }

    private EventReader() {
    }

    public static Inbound read(byte[] frame) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(frame)) {
            String type = "";
            long[] time = null;
            String[] eventKey = {null};
            int entries = unpacker.unpackMapHeader();
            for (int i = 0; i < entries; i++) {
                String key = stringOrSkip(unpacker);
                if ("type".equals(key) && unpacker.getNextFormat().getValueType() == ValueType.STRING) {
                    type = unpacker.unpackString();
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
    private static long[] keyAndSendTimeIn(MessageUnpacker unpacker, String[] key) throws IOException {
        if (!isMap(unpacker)) {
            unpacker.skipValue();
            return null;
        }
        long[] time = null;
        int entries = unpacker.unpackMapHeader();
        for (int i = 0; i < entries; i++) {
            String name = stringOrSkip(unpacker);
            if ("key".equals(name) && unpacker.getNextFormat().getValueType() == ValueType.STRING) {
                key[0] = unpacker.unpackString();
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
            if (key.equals(stringOrSkip(unpacker))) {
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

    /** A map key as a string, or null (and skipped) when it is no string. */
    private static String stringOrSkip(MessageUnpacker unpacker) throws IOException {
        if (unpacker.getNextFormat().getValueType() == ValueType.STRING) {
            return unpacker.unpackString();
        }
        unpacker.skipValue();
        return null;
    }

    private static boolean isMap(MessageUnpacker unpacker) throws IOException {
        MessageFormat format = unpacker.getNextFormat();
        return format.getValueType() == ValueType.MAP;
    }
}
