package dev.syncbench.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A query's {@code groupBy} and {@code aggregations}, as TopGun reads them: fields are top-level
 * keys ({@code a.b} is a literal name), a missing field and nil make the same group, an aggregation
 * that needs a field but has none is skipped, and {@code count} adds nothing ({@code __count} is
 * always there).
 */
final class Grouping {
    private final List<String> groupBy;
    /** The aggregations that write a column, without repeats, in request order. */
    private final List<Aggregation> aggregations;
    /** The distinct fields the aggregations read, in order: a record's contribution is one value per field. */
    private final List<String> aggregatedFields;

    private Grouping(List<String> groupBy, List<Aggregation> aggregations) {
        this.groupBy = groupBy;
        this.aggregations = aggregations;
        Set<String> fields = new LinkedHashSet<>();
        aggregations.forEach(a -> fields.add(a.field()));
        this.aggregatedFields = List.copyOf(fields);
    }

    /**
     * The grouping a query asks for, or null when it asks for none: without a non-empty
     * {@code groupBy}, {@code aggregations} are ignored (TopGun returns the plain rows), but a
     * malformed one is still refused.
     */
    static Grouping parse(Value groupBy, Value aggregations) throws InvalidQueryException {
        List<String> fields = parseGroupBy(groupBy);
        List<Aggregation> parsed = parseAggregations(aggregations);
        return fields.isEmpty() ? null : new Grouping(fields, parsed);
    }

    List<String> groupBy() {
        return groupBy;
    }

    List<Aggregation> aggregations() {
        return aggregations;
    }

    List<String> aggregatedFields() {
        return aggregatedFields;
    }

    /**
     * The group's {@code __key}, TopGun's encoding, one part per groupBy field: {@code N} for nil or
     * missing, {@code B0}/{@code B1}, {@code I<int>;}, {@code F<float64 bits>;},
     * {@code S<utf-8 length>:<string>}, and {@code O<json>;} for anything else (TopGun writes its
     * own debug text there; clients are not meant to parse the key).
     */
    String groupKey(Value record) {
        StringBuilder key = new StringBuilder();
        for (String field : groupBy) {
            Value value = Values.field(record, field);
            if (Values.isMissing(value)) {
                key.append('N');
            } else if (value.isBooleanValue()) {
                key.append(value.asBooleanValue().getBoolean() ? "B1" : "B0");
            } else if (value.isIntegerValue()) {
                key.append('I').append(value.asIntegerValue().toBigInteger()).append(';');
            } else if (value.isFloatValue()) {
                long bits = Double.doubleToRawLongBits(value.asFloatValue().toDouble());
                key.append('F').append(Long.toUnsignedString(bits)).append(';');
            } else if (value.isStringValue()) {
                byte[] utf8 = value.asStringValue().asByteArray();
                key.append('S').append(utf8.length).append(':').append(new String(utf8, StandardCharsets.UTF_8));
            } else {
                key.append('O').append(value.toJson()).append(';');
            }
        }
        return key.toString();
    }

    /** The record's group columns, nil where missing. */
    Value[] columns(Value record) {
        Value[] columns = new Value[groupBy.size()];
        for (int i = 0; i < columns.length; i++) {
            Value value = Values.field(record, groupBy.get(i));
            columns[i] = Values.isMissing(value) ? ValueFactory.newNil() : value;
        }
        return columns;
    }

    /** What the record adds to its group's aggregates: per aggregated field, its number, or null when it has none. */
    Value[] numbers(Value record) {
        Value[] numbers = new Value[aggregatedFields.size()];
        for (int i = 0; i < numbers.length; i++) {
            Value value = Values.field(record, aggregatedFields.get(i));
            numbers[i] = value != null && value.isNumberValue() ? value : null;
        }
        return numbers;
    }

    private static List<String> parseGroupBy(Value groupBy) throws InvalidQueryException {
        if (Values.isMissing(groupBy)) {
            return List.of();
        }
        if (!groupBy.isArrayValue()) {
            throw new InvalidQueryException("groupBy must be an array of field names");
        }
        List<String> fields = new ArrayList<>();
        for (Value field : groupBy.asArrayValue()) {
            if (!field.isStringValue()) {
                throw new InvalidQueryException("groupBy must be an array of field names, got " + field.toJson());
            }
            fields.add(field.asStringValue().toString());
        }
        return List.copyOf(fields);
    }

    private static List<Aggregation> parseAggregations(Value aggregations) throws InvalidQueryException {
        if (Values.isMissing(aggregations)) {
            return List.of();
        }
        if (!aggregations.isArrayValue()) {
            throw new InvalidQueryException("aggregations must be an array of {func, field?}");
        }
        Set<Aggregation> parsed = new LinkedHashSet<>();
        int i = 0;
        for (Value element : aggregations.asArrayValue()) {
            Value func = Values.field(element, "func");
            Aggregation.Function function = func != null && func.isStringValue() ? function(func.asStringValue().toString()) : null;
            if (function == null) {
                throw new InvalidQueryException("aggregations[" + i + "].func must be one of count, sum, avg, min, max");
            }
            Value field = Values.field(element, "field");
            if (!Values.isMissing(field) && !field.isStringValue()) {
                throw new InvalidQueryException("aggregations[" + i + "].field must be a string");
            }
            // count is always there, and an aggregation without a field is skipped (as TopGun)
            if (function != Aggregation.Function.COUNT && !Values.isMissing(field)) {
                parsed.add(new Aggregation(function, field.asStringValue().toString()));
            }
            i++;
        }
        return List.copyOf(parsed);
    }

    private static Aggregation.Function function(String name) {
        for (Aggregation.Function function : Aggregation.Function.values()) {
            if (function.wireName().equals(name)) {
                return function;
            }
        }
        return null;
    }
}
