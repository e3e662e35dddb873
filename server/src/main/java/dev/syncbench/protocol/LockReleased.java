package dev.syncbench.protocol;

/**
 * LOCK_RELEASED {payload:{requestId, name, success}}: a release's outcome, or a refused request
 * (success false).
 */
public record LockReleased(String requestId, String name, boolean success) implements ServerMessage {
    public static final String TYPE = "LOCK_RELEASED";

    @Override
    public String type() {
        return TYPE;
    }
}
