package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;

/** One VECTOR_SEARCH_RESP result {key, score, value?, vector?}; null fields are left out. */
public record VectorHit(String key, double score, RecordValue value, VectorBytes vector) {
}
