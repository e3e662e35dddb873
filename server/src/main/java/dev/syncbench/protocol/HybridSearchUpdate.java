package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;
import java.util.Map;

/**
 * HYBRID_SEARCH_UPDATE {payload:{subscriptionId, key, score, methodScores, value?, changeType}}:
 * a key ENTERs, UPDATEs in or LEAVEs a live hybrid search; {@code value} null is left out.
 */
public record HybridSearchUpdate(String subscriptionId, String key, double score, Map<String, Double> methodScores,
                                 RecordValue value, String changeType) implements ServerMessage {
    public static final String TYPE = "HYBRID_SEARCH_UPDATE";

    @Override
    public String type() {
        return TYPE;
    }
}
