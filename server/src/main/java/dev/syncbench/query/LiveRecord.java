package dev.syncbench.query;

import org.msgpack.value.Value;

/**
 * A record as a live query sees it: its key, its value (null when removed) and the instant after
 * which it has expired ({@link Long#MAX_VALUE} for never; expired means {@code expiresAtMillis < now}).
 */
public record LiveRecord(String key, Value value, long expiresAtMillis) {
    public static final long NEVER = Long.MAX_VALUE;
}
