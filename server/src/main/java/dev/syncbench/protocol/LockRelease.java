package dev.syncbench.protocol;

/** LOCK_RELEASE {payload:{requestId?, name, fencingToken}}. */
public record LockRelease(String requestId, String name, long fencingToken) implements ClientMessage {
    public static final String TYPE = "LOCK_RELEASE";

    @Override
    public String type() {
        return TYPE;
    }
}
