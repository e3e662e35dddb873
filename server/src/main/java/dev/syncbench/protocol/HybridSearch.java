package dev.syncbench.protocol;

import java.util.List;
import org.msgpack.value.Value;

/**
 * HYBRID_SEARCH {payload:{requestId, mapName, queryText, methods, k, queryVector?, predicate?,
 * includeValue?, minScore?}}: exact, full-text and semantic results fused by reciprocal rank.
 * {@code predicate} is kept as a tree for the query package; absent fields are null.
 */
public record HybridSearch(String requestId, String mapName, String queryText, List<String> methods, long k,
                           VectorBytes queryVector, Value predicate, Boolean includeValue, Double minScore)
        implements ClientMessage {
    public static final String TYPE = "HYBRID_SEARCH";

    @Override
    public String type() {
        return TYPE;
    }
}
