package dev.syncbench.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The field names of the protocol as String constants, looked up straight from frame bytes, so
 * reading a known map key allocates nothing. A write batch carries about a dozen keys per op;
 * without this each one would be a fresh String.
 */
final class FieldNames {
    private static final String[] NAMES = {
        "achievedLevel", "bucketHashes", "buckets", "changeType", "claimedEpoch", "code", "count", "counter",
        "currentVersion", "cursorStatus", "data", "details", "deviceToken", "entries", "error", "eventType",
        "events", "fencingToken", "fields", "hasMore", "id", "key", "keys", "lastId", "lastSyncTimestamp",
        "mapName", "message", "millis", "n", "name", "nextCursor", "nodeId", "opId", "opType", "ops", "orRecord",
        "orTag", "p", "path", "payload", "protocolVersion", "publisherId", "query", "queryId", "reason", "record",
        "records", "requestId", "results", "rootHash", "serverTime", "sql", "state", "success", "synced", "tag",
        "timeout", "timestamp", "token", "tombstones", "topic", "ttl", "ttlMs", "type", "userId", "value",
        "writeConcern",
    };
    private static final int SLOTS = 256; // a power of two well above NAMES.length keeps probe chains short
    private static final byte[][] SLOT_BYTES = new byte[SLOTS][];
    private static final String[] SLOT_NAMES = new String[SLOTS];

    static {
        for (String name : NAMES) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            int slot = hash(bytes, 0, bytes.length);
            while (SLOT_BYTES[slot] != null) {
                slot = (slot + 1) & (SLOTS - 1);
            }
            SLOT_BYTES[slot] = bytes;
            SLOT_NAMES[slot] = name;
        }
    }

    private FieldNames() {
    }

    /** The constant for the UTF-8 bytes {@code frame[start, start + length)}, or null if it is no known name. */
    static String lookup(byte[] frame, int start, int length) {
        int slot = hash(frame, start, length);
        byte[] candidate;
        while ((candidate = SLOT_BYTES[slot]) != null) {
            if (Arrays.equals(candidate, 0, candidate.length, frame, start, start + length)) {
                return SLOT_NAMES[slot];
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        return null;
    }

    private static int hash(byte[] bytes, int start, int length) {
        int h = length;
        for (int i = start; i < start + length; i++) {
            h = 31 * h + bytes[i];
        }
        return (h ^ (h >>> 8)) & (SLOTS - 1);
    }
}
