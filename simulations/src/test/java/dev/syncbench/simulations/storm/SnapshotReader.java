package dev.syncbench.simulations.storm;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * Reads a QUERY_RESP snapshot ({@code payload.results: [{key, value}]}) into key → the string
 * field {@code s} of each value, as the storm's writer writes them; a value without one reads as
 * its MessagePack text, so a wrong value still shows.
 */
final class SnapshotReader {
    private SnapshotReader() {
    }

    /** The snapshot's records; an {@link IOException} when the frame is no QUERY_RESP with results. */
    static Map<String, String> values(byte[] frame) throws IOException {
        Value root;
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(frame)) {
            root = unpacker.unpackValue();
        }
        if (!root.isMapValue() || !"QUERY_RESP".equals(text(field(root, "type")))) {
            throw new IOException("not a QUERY_RESP: " + root);
        }
        Value results = field(field(root, "payload"), "results");
        if (results == null || !results.isArrayValue()) {
            throw new IOException("a QUERY_RESP without results: " + root);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Value row : results.asArrayValue()) {
            Value value = field(row, "value");
            Value s = field(value, "s");
            values.put(text(field(row, "key")), s != null && s.isStringValue() ? s.asStringValue().asString()
                    : String.valueOf(value));
        }
        return values;
    }

    private static Value field(Value map, String name) {
        if (map == null || !map.isMapValue()) {
            return null;
        }
        for (Map.Entry<Value, Value> entry : map.asMapValue().entrySet()) {
            if (entry.getKey().isStringValue() && entry.getKey().asStringValue().asString().equals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String text(Value value) {
        return value != null && value.isStringValue() ? value.asStringValue().asString() : String.valueOf(value);
    }
}
