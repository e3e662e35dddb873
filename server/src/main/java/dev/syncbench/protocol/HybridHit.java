package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;
import java.util.Map;

/** One HYBRID_SEARCH_RESP result {key, score, methodScores, value?}; {@code value} null is left out. */
public record HybridHit(String key, double score, Map<String, Double> methodScores, RecordValue value) {
}
