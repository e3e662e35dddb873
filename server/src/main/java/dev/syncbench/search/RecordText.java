package dev.syncbench.search;

import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.RecordValue;
import org.msgpack.value.Value;

/**
 * The text a record is found by (reference §1.2): every string in its value at any depth, joined
 * with spaces. Map keys (field names), numbers, booleans, nil and binary are left out.
 */
public final class RecordText {
    private RecordText() {
    }

    /** The text of an LWW value; empty when null or when its bytes do not read as data. */
    public static String of(RecordValue value) {
        if (value == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        append(value, text);
        return text.toString();
    }

    /** The text of an OR-Map key: the strings of all its live records' values. */
    public static String of(OrMapEntry entry) {
        if (entry == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (OrRecord record : entry.records()) {
            append(record.value(), text);
        }
        return text.toString();
    }

    private static void append(RecordValue value, StringBuilder text) {
        Value tree;
        try {
            tree = value.toValue();
        } catch (RuntimeException unreadable) {
            return;
        }
        walk(tree, text);
    }

    private static void walk(Value value, StringBuilder text) {
        switch (value.getValueType()) {
            case STRING -> {
                String s = value.asStringValue().toString();
                if (!s.isEmpty()) {
                    if (!text.isEmpty()) {
                        text.append(' ');
                    }
                    text.append(s);
                }
            }
            case ARRAY -> value.asArrayValue().forEach(element -> walk(element, text));
            case MAP -> value.asMapValue().map().values().forEach(element -> walk(element, text));
            default -> { }
        }
    }
}
