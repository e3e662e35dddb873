package dev.syncbench.query;

import org.msgpack.value.Value;

/** One QUERY_UPDATE: the key, its projected value (null on LEAVE) and the change type. */
public record Change(String key, Value value, ChangeType type) {
}
