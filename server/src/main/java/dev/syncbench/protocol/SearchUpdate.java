package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;
import java.util.List;

/**
 * SEARCH_UPDATE {payload:{subscriptionId, key, value, score, matchedTerms, changeType}}: a key
 * ENTERs, UPDATEs in or LEAVEs a live search's results. All six fields are always written.
 */
public record SearchUpdate(String subscriptionId, String key, RecordValue value, double score,
                           List<String> matchedTerms, String changeType) implements ServerMessage {
    public static final String TYPE = "SEARCH_UPDATE";

    @Override
    public String type() {
        return TYPE;
    }
}
