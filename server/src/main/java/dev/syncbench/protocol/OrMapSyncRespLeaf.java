package dev.syncbench.protocol;

import java.util.List;

/** ORMAP_SYNC_RESP_LEAF {payload:{mapName, path, entries}}. */
public record OrMapSyncRespLeaf(
        String mapName,
        String path,
        List<OrMapEntry> entries) implements ServerMessage {
    public static final String TYPE = "ORMAP_SYNC_RESP_LEAF";

    @Override
    public String type() {
        return TYPE;
    }
}
