package dev.syncbench.crdt;

/**
 * A last-writer-wins register value. A null {@code value} is a tombstone; {@code ttlMs} is null
 * when the record never expires.
 */
public record LwwRecord(RecordValue value, Timestamp timestamp, Long ttlMs) {

    public LwwRecord {
        if (timestamp == null) {
            throw new IllegalArgumentException("timestamp is required");
        }
    }

    public static LwwRecord tombstone(Timestamp timestamp) {
        return new LwwRecord(null, timestamp, null);
    }

    public boolean isTombstone() {
        return value == null;
    }

    /** Expired when millis + ttlMs lies strictly before now, as TopGun's clients decide. */
    public boolean isExpired(long nowMillis) {
        return ttlMs != null && timestamp.millis() + ttlMs < nowMillis;
    }

    /** Live means visible to queries and live events: neither a tombstone nor expired. */
    public boolean isLive(long nowMillis) {
        return !isTombstone() && !isExpired(nowMillis);
    }

    /** LWW rule: an incoming record replaces this one only with a strictly greater timestamp. */
    public boolean isReplacedBy(LwwRecord incoming) {
        return incoming.timestamp.isAfter(timestamp);
    }
}
