package dev.syncbench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Builds and reads MessagePack frames for tests with msgpack-core's Value model, independently of
 * the server's own codec, so end-to-end tests check the wire format rather than the codec's view of it.
 */
public final class Msg {
    private Msg() {
    }

    /** {@code map("type", "PING", "timestamp", 5)}: alternating keys and values. */
    public static Value map(Object... keysAndValues) {
        Map<Value, Value> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(ValueFactory.newString((String) keysAndValues[i]), value(keysAndValues[i + 1]));
        }
        return ValueFactory.newMap(map);
    }

    public static Value list(Object... items) {
        return ValueFactory.newArray(java.util.Arrays.stream(items).map(Msg::value).toList());
    }

    public static Value value(Object o) {
        return switch (o) {
            case null -> ValueFactory.newNil();
            case Value v -> v;
            case String s -> ValueFactory.newString(s);
            case Integer i -> ValueFactory.newInteger(i);
            case Long l -> ValueFactory.newInteger(l);
            case Double d -> ValueFactory.newFloat(d);
            case Boolean b -> ValueFactory.newBoolean(b);
            case byte[] bytes -> ValueFactory.newBinary(bytes);
            case List<?> l -> ValueFactory.newArray(l.stream().map(Msg::value).toList());
            default -> throw new IllegalArgumentException("unsupported " + o.getClass());
        };
    }

    public static byte[] encode(Value value) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packValue(value);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Value decode(byte[] bytes) {
        try (var unpacker = MessagePack.newDefaultUnpacker(bytes)) {
            return unpacker.unpackValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (org.msgpack.core.MessagePackException e) {
            // A frame carrying a value msgpack-core cannot model (e.g. a malformed timestamp
            // extension): keep it as a marker so a test can see it arrived.
            return map("type", UNDECODABLE, "bytes", bytes);
        }
    }

    /** The type {@link #decode} gives a frame it cannot decode. */
    public static final String UNDECODABLE = "UNDECODABLE_FRAME";

    /** A value that decodes lazily into an error: a timestamp extension (type -1) with a 5-byte payload. */
    public static Value unreadableValue() {
        return ValueFactory.newExtension((byte) -1, new byte[5]);
    }

    public static Value timestamp(long millis, long counter, String nodeId) {
        return map("millis", millis, "counter", counter, "nodeId", nodeId);
    }

    /** An LWW PUT op as TopGun's client sends it. */
    public static Value put(String id, String mapName, String key, Object value, long millis) {
        return map("id", id, "mapName", mapName, "key", key,
                "record", map("value", value, "timestamp", timestamp(millis, 0, "client-1")));
    }

    public static Value opBatch(Value... ops) {
        return map("type", "OP_BATCH", "payload", map("ops", list((Object[]) ops)));
    }

    /** Field lookup by dot path ("payload.lastId"); null when absent. */
    public static Value get(Value message, String path) {
        Value current = message;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isMapValue()) {
                return null;
            }
            current = current.asMapValue().map().get(ValueFactory.newString(part));
        }
        return current;
    }

    public static String str(Value message, String path) {
        Value v = get(message, path);
        return v == null || v.isNilValue() ? null : v.asStringValue().asString();
    }

    public static long num(Value message, String path) {
        Value v = get(message, path);
        if (v == null) {
            throw new AssertionError("no field " + path + " in " + message);
        }
        return v.isFloatValue() ? (long) v.asFloatValue().toDouble() : v.asIntegerValue().toLong();
    }

    /** The value of the PN-counter state at payload.state of a COUNTER_RESPONSE or COUNTER_UPDATE: sum of p minus sum of n. */
    public static double counterValue(Value message) {
        double sum = 0;
        for (Value v : get(message, "payload.state.p").asMapValue().map().values()) {
            sum += v.asNumberValue().toDouble();
        }
        for (Value v : get(message, "payload.state.n").asMapValue().map().values()) {
            sum -= v.asNumberValue().toDouble();
        }
        return sum;
    }

    public static String type(Value message) {
        return str(message, "type");
    }
}
