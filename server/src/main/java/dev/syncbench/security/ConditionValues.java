package dev.syncbench.security;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.msgpack.value.Value;

/** Equality, ordering and containment over MessagePack values, with the predicate language's number rules. */
final class ConditionValues {
    private ConditionValues() {
    }

    static boolean isMissing(Value value) {
        return value == null || value.isNilValue();
    }

    /** Numbers compare across int and float (42 == 42.0); strings, bools, nil normally; the rest structurally. */
    static boolean equal(Value a, Value b) {
        if (a.isNumberValue() && b.isNumberValue()) {
            return compareNumbers(a, b) == 0;
        }
        if (a.getValueType() != b.getValueType()) {
            return false;
        }
        return switch (a.getValueType()) {
            case STRING, BINARY -> Arrays.equals(a.asRawValue().asByteArray(), b.asRawValue().asByteArray());
            default -> a.equals(b);
        };
    }

    /** The ordering of two numbers or two strings; null for any other pair (which then never matches). */
    static Integer compare(Value a, Value b) {
        if (a.isNumberValue() && b.isNumberValue()) {
            return compareNumbers(a, b);
        }
        if (a.isStringValue() && b.isStringValue()) {
            return a.asStringValue().toString().compareTo(b.asStringValue().toString());
        }
        return null;
    }

    private static int compareNumbers(Value a, Value b) {
        if (a.isIntegerValue() && b.isIntegerValue()) {
            BigInteger x = a.asIntegerValue().asBigInteger();
            return x.compareTo(b.asIntegerValue().asBigInteger());
        }
        return Double.compare(a.asNumberValue().toDouble(), b.asNumberValue().toDouble());
    }

    /** An array's items, or a scalar as a one-item list. */
    static List<Value> items(Value value) {
        return value.isArrayValue() ? value.asArrayValue().list() : List.of(value);
    }

    static boolean containsEqual(List<Value> values, Value item) {
        for (Value value : values) {
            if (equal(value, item)) {
                return true;
            }
        }
        return false;
    }
}
