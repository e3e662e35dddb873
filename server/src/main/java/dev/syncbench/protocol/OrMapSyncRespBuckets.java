package dev.syncbench.protocol;

import java.util.Map;

/** ORMAP_SYNC_RESP_BUCKETS {payload:{mapName, path, buckets}}. */
public record OrMapSyncRespBuckets(
        String mapName,
        String path,
        Map<String, Long> buckets) implements ServerMessage {
    public static final String TYPE = "ORMAP_SYNC_RESP_BUCKETS";

    @Override
    public String type() {
        return TYPE;
    }
}
