package dev.syncbench.query;

import dev.syncbench.crdt.Utf8Order;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

/**
 * Field lookup, equality and ordering over MessagePack values, with the query language's number rules.
 * Strings are read with {@code toString()}, which replaces malformed UTF-8, never with
 * {@code asString()}, which throws: one bad record must not break every query on its map.
 */
final class Values {
    private Values() {
    }

    /** The value at a dot path (already split), or null when any step is absent or not a map. */
    static Value at(Value root, List<String> path) {
        Value current = root;
        for (String segment : path) {
            current = field(current, segment);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** A top-level field of a map value, or null; a linear scan, since records are small and this avoids building a HashMap. */
    static Value field(Value value, String name) {
        if (value == null || !value.isMapValue()) {
            return null;
        }
        Value[] keysAndValues = value.asMapValue().getKeyValueArray();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Value key = keysAndValues[i];
            if (key.isStringValue() && key.asStringValue().toString().equals(name)) {
                return keysAndValues[i + 1];
            }
        }
        return null;
    }

    static boolean isMissing(Value value) {
        return value == null || value.isNilValue();
    }

    /** Equality with numbers compared across int and float (42 == 42.0), containers compared structurally. */
    static boolean equal(Value a, Value b) {
        if (a.isNumberValue() && b.isNumberValue()) {
            return compareNumbers(a, b) == 0;
        }
        if (a.getValueType() != b.getValueType()) {
            return false;
        }
        return switch (a.getValueType()) {
            case NIL -> true;
            case BOOLEAN -> a.asBooleanValue().getBoolean() == b.asBooleanValue().getBoolean();
            case STRING, BINARY -> Arrays.equals(a.asRawValue().asByteArray(), b.asRawValue().asByteArray());
            case ARRAY -> arraysEqual(a.asArrayValue(), b.asArrayValue());
            case MAP -> mapsEqual(a.asMapValue(), b.asMapValue());
            default -> a.equals(b);
        };
    }

    private static boolean arraysEqual(ArrayValue a, ArrayValue b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!equal(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Maps are equal when they hold the same keys with equal values, in any order. */
    private static boolean mapsEqual(MapValue a, MapValue b) {
        if (a.size() != b.size()) {
            return false;
        }
        Value[] left = a.getKeyValueArray();
        Value[] right = b.getKeyValueArray();
        for (int i = 0; i < left.length; i += 2) {
            boolean found = false;
            for (int j = 0; j < right.length; j += 2) {
                if (equal(left[i], right[j])) {
                    found = equal(left[i + 1], right[j + 1]);
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** The ordering of gt/gte/lt/lte/between: numbers with numbers, strings with strings; otherwise null (no order). */
    static Integer compareOrdered(Value a, Value b) {
        if (a.isNumberValue() && b.isNumberValue()) {
            return compareNumbers(a, b);
        }
        if (a.isStringValue() && b.isStringValue()) {
            return Utf8Order.compare(a.asStringValue().toString(), b.asStringValue().toString());
        }
        return null;
    }

    /**
     * A total order over present values, used for sorting: numbers, then strings, booleans,
     * binaries, arrays, maps, extensions; within a kind the natural order (containers by their JSON text).
     */
    static int compareForSort(Value a, Value b) {
        int rankA = sortRank(a);
        int rankB = sortRank(b);
        if (rankA != rankB) {
            return Integer.compare(rankA, rankB);
        }
        return switch (rankA) {
            case 0 -> compareNumbers(a, b);
            case 1 -> Utf8Order.compare(a.asStringValue().toString(), b.asStringValue().toString());
            case 2 -> Boolean.compare(a.asBooleanValue().getBoolean(), b.asBooleanValue().getBoolean());
            case 3 -> Arrays.compareUnsigned(a.asBinaryValue().asByteArray(), b.asBinaryValue().asByteArray());
            default -> Utf8Order.compare(a.toJson(), b.toJson());
        };
    }

    private static int sortRank(Value value) {
        return switch (value.getValueType()) {
            case INTEGER, FLOAT -> 0;
            case STRING -> 1;
            case BOOLEAN -> 2;
            case BINARY -> 3;
            case ARRAY -> 4;
            case MAP -> 5;
            default -> 6;
        };
    }

    /** Exact comparison across int and float; NaN and infinities fall back to Double.compare. */
    static int compareNumbers(Value a, Value b) {
        if (a.isIntegerValue() && b.isIntegerValue()) {
            var x = a.asIntegerValue();
            var y = b.asIntegerValue();
            if (x.isInLongRange() && y.isInLongRange()) {
                return Long.compare(x.toLong(), y.toLong());
            }
            return x.toBigInteger().compareTo(y.toBigInteger());
        }
        double x = a.asNumberValue().toDouble();
        double y = b.asNumberValue().toDouble();
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return Double.compare(x, y);
        }
        return exact(a).compareTo(exact(b));
    }

    private static BigDecimal exact(Value number) {
        if (number.isIntegerValue()) {
            BigInteger integer = number.asIntegerValue().toBigInteger();
            return new BigDecimal(integer);
        }
        return new BigDecimal(number.asFloatValue().toDouble());
    }
}
