package dev.syncbench.protocol;

import dev.syncbench.crdt.Timestamp;

/**
 * GC_PRUNE {payload:{olderThan: Timestamp}}: the server holds no LWW tombstone older than
 * {@code olderThan} any more, so the client drops its own and their Merkle roots match again.
 */
public record GcPrune(Timestamp olderThan) implements ServerMessage {
    public static final String TYPE = "GC_PRUNE";

    @Override
    public String type() {
        return TYPE;
    }
}
