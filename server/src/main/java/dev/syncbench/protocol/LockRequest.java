package dev.syncbench.protocol;

/** LOCK_REQUEST {payload:{requestId, name, ttl?}}: ttl (ms) null means no expiry. */
public record LockRequest(String requestId, String name, Long ttl) implements ClientMessage {
    public static final String TYPE = "LOCK_REQUEST";

    @Override
    public String type() {
        return TYPE;
    }
}
