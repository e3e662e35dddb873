package dev.syncbench.query;

import java.util.Locale;

/**
 * One requested aggregation of a grouped query, {@code {func, field?}}. {@code count} needs no field
 * (every group row has {@code __count}); the others name a top-level field and write
 * {@code __<func>_<field>}.
 */
record Aggregation(Function function, String field) {

    enum Function {
        COUNT, SUM, AVG, MIN, MAX;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The group row's key for this aggregation's value, e.g. {@code __sum_amount}. */
    String columnName() {
        return "__" + function.wireName() + "_" + field;
    }
}
