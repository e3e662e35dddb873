package dev.syncbench.protocol;

import java.util.Map;

/**
 * ORMAP_SYNC_INIT (flat) {mapName, rootHash?, bucketHashes?, lastSyncTimestamp?, claimedEpoch?}:
 * starts an OR-Map sync round.
 */
public record OrMapSyncInit(
        String mapName,
        Long rootHash,
        Map<String, Long> bucketHashes,
        Long lastSyncTimestamp,
        Long claimedEpoch) implements ClientMessage {
    public static final String TYPE = "ORMAP_SYNC_INIT";

    @Override
    public String type() {
        return TYPE;
    }
}
