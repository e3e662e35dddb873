package dev.syncbench.query;

import org.msgpack.value.Value;

/** One result row: a record's key and its (projected) value. */
public record Row(String key, Value value) {
}
