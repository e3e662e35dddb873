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
        return expiresAtMillis() < nowMillis;
    }

    /**
     * millis + ttlMs, saturated so that a huge TTL means "never" rather than overflowing into the
     * past; {@link Long#MAX_VALUE} without a TTL.
     */
    public long expiresAtMillis() {
        return expiresAt(timestamp, ttlMs);
    }

    static long expiresAt(Timestamp timestamp, Long ttlMs) {
        if (ttlMs == null) {
            return Long.MAX_VALUE;
        }
        long sum = timestamp.millis() + ttlMs;
        boolean overflowed = ((timestamp.millis() ^ sum) & (ttlMs ^ sum)) < 0;
        return overflowed ? (ttlMs > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : sum;
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
