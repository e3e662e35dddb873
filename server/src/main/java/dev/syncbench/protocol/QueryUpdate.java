package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;

/**
 * QUERY_UPDATE {payload:{queryId, key, value, changeType}}: a live change (ENTER, UPDATE, LEAVE);
 * {@code value} is null on LEAVE and is then written as nil.
 */
public record QueryUpdate(
        String queryId,
        String key,
        RecordValue value,
        String changeType) implements ServerMessage {
    public static final String TYPE = "QUERY_UPDATE";

    @Override
    public String type() {
        return TYPE;
    }
}
