package dev.syncbench.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** Builds MessagePack values from JSON text, so tests read like the wire messages they stand for. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** JSON to a Value; single quotes may be used instead of double quotes. */
    static Value value(String json) {
        try {
            return convert(MAPPER.readTree(json.replace('\'', '"')));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static Value convert(JsonNode node) {
        if (node.isNull()) {
            return ValueFactory.newNil();
        }
        if (node.isBoolean()) {
            return ValueFactory.newBoolean(node.booleanValue());
        }
        if (node.isIntegralNumber()) {
            return ValueFactory.newInteger(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            return ValueFactory.newFloat(node.doubleValue());
        }
        if (node.isTextual()) {
            return ValueFactory.newString(node.textValue());
        }
        if (node.isArray()) {
            List<Value> items = new ArrayList<>();
            node.forEach(item -> items.add(convert(item)));
            return ValueFactory.newArray(items);
        }
        List<Value> keysAndValues = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            keysAndValues.add(ValueFactory.newString(field.getKey()));
            keysAndValues.add(convert(field.getValue()));
        }
        return ValueFactory.newMap(keysAndValues.toArray(new Value[0]));
    }
}
