package dev.syncbench.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/** MessagePack trees for test comparisons. */
final class Trees {
    private Trees() {
    }

    static Value of(byte[] bytes) {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes)) {
            return in.unpackValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value under {@code key} of a map value. */
    static Value get(Value map, String key) {
        return map.asMapValue().map().get(org.msgpack.value.ValueFactory.newString(key));
    }

    /**
     * Tree equality where numbers compare by value, whatever their encoding: float64 1.7e12 equals
     * the integer 1700000000000. Map order does not matter.
     */
    static void assertSame(Value expected, Value actual) {
        assertSame(expected, actual, "$");
    }

    private static void assertSame(Value expected, Value actual, String path) {
        if (expected.isNumberValue() && actual.isNumberValue()) {
            assertEquals(0, number(expected).compareTo(number(actual)), "number at " + path + ": " + expected + " vs " + actual);
        } else if (expected.isMapValue() && actual.isMapValue()) {
            Map<Value, Value> want = expected.asMapValue().map();
            Map<Value, Value> got = actual.asMapValue().map();
            assertEquals(want.keySet(), got.keySet(), "keys at " + path);
            want.forEach((key, value) -> assertSame(value, got.get(key), path + "." + key));
        } else if (expected.isArrayValue() && actual.isArrayValue()) {
            List<Value> want = expected.asArrayValue().list();
            List<Value> got = actual.asArrayValue().list();
            assertEquals(want.size(), got.size(), "array size at " + path);
            for (int i = 0; i < want.size(); i++) {
                assertSame(want.get(i), got.get(i), path + "[" + i + "]");
            }
        } else {
            assertEquals(expected, actual, "value at " + path);
        }
    }

    private static BigDecimal number(Value v) {
        return v.isIntegerValue()
                ? new BigDecimal(v.asIntegerValue().asBigInteger())
                : new BigDecimal(v.asFloatValue().toDouble());
    }
}
