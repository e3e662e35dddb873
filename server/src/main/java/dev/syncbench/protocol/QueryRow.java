package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;

/** One row of QUERY_RESP: a key and its record value. */
public record QueryRow(String key, RecordValue value) {
}
