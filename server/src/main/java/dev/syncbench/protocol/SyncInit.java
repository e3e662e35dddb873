package dev.syncbench.protocol;

/** SYNC_INIT (flat) {mapName, lastSyncTimestamp?}: starts a Merkle sync round of an LWW map. */
public record SyncInit(String mapName, Long lastSyncTimestamp) implements ClientMessage {
    public static final String TYPE = "SYNC_INIT";

    @Override
    public String type() {
        return TYPE;
    }
}
