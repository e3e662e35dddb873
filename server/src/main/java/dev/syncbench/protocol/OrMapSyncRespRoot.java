package dev.syncbench.protocol;

import dev.syncbench.crdt.Timestamp;

/**
 * ORMAP_SYNC_RESP_ROOT {payload:{mapName, rootHash, timestamp}}; this server never sets fullResync
 * or coveringEpoch.
 */
public record OrMapSyncRespRoot(String mapName, long rootHash, Timestamp timestamp) implements ServerMessage {
    public static final String TYPE = "ORMAP_SYNC_RESP_ROOT";

    @Override
    public String type() {
        return TYPE;
    }
}
