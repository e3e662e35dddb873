package dev.syncbench.protocol;

import java.util.List;

/**
 * SYNC_RESP_LEAF {payload:{mapName, path, records:[{key, record}]}}: a leaf's records, tombstones
 * included; each record is written with value, timestamp and ttlMs (nil when none).
 */
public record SyncRespLeaf(String mapName, String path, List<LeafRecord> records) implements ServerMessage {
    public static final String TYPE = "SYNC_RESP_LEAF";

    @Override
    public String type() {
        return TYPE;
    }
}
