package dev.syncbench.protocol;

/** LOCK_GRANTED {payload:{requestId, name, fencingToken}}. */
public record LockGranted(String requestId, String name, long fencingToken) implements ServerMessage {
    public static final String TYPE = "LOCK_GRANTED";

    @Override
    public String type() {
        return TYPE;
    }
}
