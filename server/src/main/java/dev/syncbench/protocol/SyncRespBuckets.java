package dev.syncbench.protocol;

import java.util.Map;

/**
 * SYNC_RESP_BUCKETS {payload:{mapName, path, buckets}}: child hashes of an inner node, keyed by one
 * hex digit.
 */
public record SyncRespBuckets(
        String mapName,
        String path,
        Map<String, Long> buckets) implements ServerMessage {
    public static final String TYPE = "SYNC_RESP_BUCKETS";

    @Override
    public String type() {
        return TYPE;
    }
}
