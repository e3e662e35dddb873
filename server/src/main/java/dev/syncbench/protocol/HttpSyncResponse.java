package dev.syncbench.protocol;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import java.util.List;

/**
 * The answer to {@code POST /sync} (reference features §4.2): the server's clock, the ack of the
 * request's operations, the deltas of the maps it asked to catch up on (ours: TopGun never sends
 * them), its query results and its errors. Null and empty parts are left out on the wire.
 */
public record HttpSyncResponse(Timestamp serverHlc, OpAck ack, List<MapDelta> deltas, List<QueryResult> queryResults,
                               List<SyncError> errors) {

    /**
     * The LWW changes of one map stamped after the client's {@code lastSyncTimestamp}, oldest
     * first; the client asks again from {@code serverSyncTimestamp}, and must when {@code hasMore}.
     */
    public record MapDelta(String mapName, List<DeltaRecord> records, Timestamp serverSyncTimestamp, boolean hasMore) {
    }

    /** {@code eventType} PUT, or REMOVE with a tombstone record. */
    public record DeltaRecord(String key, LwwRecord record, String eventType) {
    }

    /** Values only, sorted by key, as TopGun sends them. */
    public record QueryResult(String queryId, List<RecordValue> results, Boolean hasMore, String nextCursor) {
    }

    /** {@code context}: the query id or map name the error concerns, when it concerns one. */
    public record SyncError(int code, String message, String context) {
    }
}
