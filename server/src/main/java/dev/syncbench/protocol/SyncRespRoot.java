package dev.syncbench.protocol;

import dev.syncbench.crdt.Timestamp;

/** SYNC_RESP_ROOT {payload:{mapName, rootHash, timestamp}}: the map's Merkle root and the server's HLC. */
public record SyncRespRoot(String mapName, long rootHash, Timestamp timestamp) implements ServerMessage {
    public static final String TYPE = "SYNC_RESP_ROOT";

    @Override
    public String type() {
        return TYPE;
    }
}
