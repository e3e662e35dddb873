package dev.syncbench.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * One group of a grouped query, kept current as records enter and leave it: its row count and, per
 * aggregated field, the exact sum of its numbers (so removing a record takes off exactly what it
 * added, whatever the order of writes) and their multiset (for min and max after a removal).
 */
final class GroupAggregate {

    /** The numbers one field holds across the group. */
    private static final class FieldNumbers {
        /** The exact sum of the finite numbers. */
        BigDecimal sum = BigDecimal.ZERO;
        long count;
        long nan;
        long positiveInfinity;
        long negativeInfinity;
        /** Each distinct number (the first value seen of it, type kept) with how many records hold it. */
        final TreeMap<Value, long[]> values = new TreeMap<>(Values::compareNumbers);

        void add(Value number) {
            count++;
            double d = number.asNumberValue().toDouble();
            if (number.isFloatValue() && !Double.isFinite(d)) {
                if (Double.isNaN(d)) {
                    nan++;
                } else if (d > 0) {
                    positiveInfinity++;
                } else {
                    negativeInfinity++;
                }
            } else {
                sum = sum.add(exact(number));
            }
            values.computeIfAbsent(number, n -> new long[1])[0]++;
        }

        void remove(Value number) {
            count--;
            double d = number.asNumberValue().toDouble();
            if (number.isFloatValue() && !Double.isFinite(d)) {
                if (Double.isNaN(d)) {
                    nan--;
                } else if (d > 0) {
                    positiveInfinity--;
                } else {
                    negativeInfinity--;
                }
            } else {
                sum = sum.subtract(exact(number));
            }
            long[] held = values.get(number);
            if (--held[0] == 0) {
                values.remove(number);
            }
        }

        /** The sum as TopGun writes it: an integer when whole and finite, else a float64; 0 with no numbers. */
        Value sumValue() {
            if (nan > 0 || (positiveInfinity > 0 && negativeInfinity > 0)) {
                return ValueFactory.newFloat(Double.NaN);
            }
            if (positiveInfinity > 0 || negativeInfinity > 0) {
                return ValueFactory.newFloat(positiveInfinity > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
            }
            if (sum.signum() == 0 || sum.stripTrailingZeros().scale() <= 0) {
                BigInteger whole = sum.toBigIntegerExact();
                if (whole.bitLength() < 64) {
                    return ValueFactory.newInteger(whole.longValue());
                }
            }
            return ValueFactory.newFloat(sum.doubleValue());
        }

        Value averageValue() {
            if (count == 0) {
                return ValueFactory.newNil();
            }
            Value sum = sumValue();
            if (sum.isFloatValue() && !Double.isFinite(sum.asFloatValue().toDouble())) {
                return sum;
            }
            return ValueFactory.newFloat(this.sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64).doubleValue());
        }

        Value minValue() {
            return values.isEmpty() ? ValueFactory.newNil() : values.firstKey();
        }

        Value maxValue() {
            return values.isEmpty() ? ValueFactory.newNil() : values.lastKey();
        }

        private static BigDecimal exact(Value number) {
            return number.isIntegerValue()
                    ? new BigDecimal(number.asIntegerValue().toBigInteger())
                    : new BigDecimal(number.asFloatValue().toDouble());
        }
    }

    private final String key;
    private final Value[] columns;
    private final FieldNumbers[] fields;
    private long count;
    /** The row last given to the client's window, to tell a changed row from an unchanged one. */
    private Value lastRow;

    GroupAggregate(String key, Value[] columns, int aggregatedFields) {
        this.key = key;
        this.columns = columns;
        this.fields = new FieldNumbers[aggregatedFields];
        for (int i = 0; i < aggregatedFields; i++) {
            fields[i] = new FieldNumbers();
        }
    }

    String key() {
        return key;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** A record enters the group with its numbers (one per aggregated field, null where it has none). */
    void add(Value[] numbers) {
        count++;
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i] != null) {
                fields[i].add(numbers[i]);
            }
        }
    }

    /** A record leaves the group, taking back exactly the numbers it added. */
    void remove(Value[] numbers) {
        count--;
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i] != null) {
                fields[i].remove(numbers[i]);
            }
        }
    }

    /**
     * The group's row: {@code __key}, {@code __count}, each requested aggregation as
     * {@code __<func>_<field>}, then the group columns.
     */
    Value row(Grouping grouping) {
        Map<String, Value> row = new LinkedHashMap<>();
        row.put("__key", ValueFactory.newString(key));
        row.put("__count", ValueFactory.newInteger(count));
        List<String> aggregatedFields = grouping.aggregatedFields();
        for (Aggregation aggregation : grouping.aggregations()) {
            FieldNumbers numbers = fields[aggregatedFields.indexOf(aggregation.field())];
            row.put(aggregation.columnName(), switch (aggregation.function()) {
                case SUM -> numbers.sumValue();
                case AVG -> numbers.averageValue();
                case MIN -> numbers.minValue();
                case MAX -> numbers.maxValue();
                case COUNT -> ValueFactory.newInteger(count);
            });
        }
        List<String> groupBy = grouping.groupBy();
        for (int i = 0; i < columns.length; i++) {
            row.put(groupBy.get(i), columns[i]);
        }
        Value[] keysAndValues = new Value[row.size() * 2];
        int i = 0;
        for (Map.Entry<String, Value> entry : row.entrySet()) {
            keysAndValues[i++] = ValueFactory.newString(entry.getKey());
            keysAndValues[i++] = entry.getValue();
        }
        return ValueFactory.newMap(keysAndValues);
    }

    /** Records the row the client's window now has; true when it differs from the one before. */
    boolean changedTo(Value row) {
        boolean changed = lastRow == null || !lastRow.equals(row);
        lastRow = row;
        return changed;
    }
}
