package dev.syncbench.protocol;

/** SYNC_RESET_REQUIRED {payload:{mapName, reason}}: tells the client to drop the map and sync afresh. */
public record SyncResetRequired(String mapName, String reason) implements ServerMessage {
    public static final String TYPE = "SYNC_RESET_REQUIRED";

    @Override
    public String type() {
        return TYPE;
    }
}
