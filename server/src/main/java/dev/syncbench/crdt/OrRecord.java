package dev.syncbench.crdt;

/** One observed add in an OR-Map, identified by the tag its writer chose. */
public record OrRecord(RecordValue value, Timestamp timestamp, String tag, Long ttlMs) {

    public OrRecord {
        if (timestamp == null || tag == null) {
            throw new IllegalArgumentException("timestamp and tag are required");
        }
    }

    public boolean isExpired(long nowMillis) {
        return LwwRecord.expiresAt(timestamp, ttlMs) < nowMillis;
    }
}
