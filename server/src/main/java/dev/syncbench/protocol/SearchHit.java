package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;
import java.util.List;

/** One SEARCH_RESP result {key, value, score, matchedTerms}; {@code value} null is written as nil. */
public record SearchHit(String key, RecordValue value, double score, List<String> matchedTerms) {
}
