package dev.syncbench.protocol;

import org.msgpack.value.Value;

/** VECTOR_SEARCH {@code options}: absent fields are null; {@code filter} is a predicate tree. */
public record VectorSearchOptions(Boolean includeValue, Boolean includeVectors, Double minScore, Value filter) {
    public static final VectorSearchOptions DEFAULTS = new VectorSearchOptions(null, null, null, null);
}
