package dev.syncbench.query;

import java.util.List;
import org.msgpack.value.Value;

/**
 * The live state of one query subscription, as the service drives it: a snapshot taken in steps,
 * then one call per write or expiry that returns the QUERY_UPDATEs keeping the client's result equal
 * to a fresh snapshot. {@link LiveQuery} keeps matching records; {@link GroupedLiveQuery} keeps the
 * groups of a {@code groupBy} query. Not thread-safe: one caller at a time.
 */
public interface LiveView {

    /** The live state a query needs: grouped when it has a {@code groupBy}, else its records. */
    static LiveView of(Query query) {
        return query.grouping() == null ? new LiveQuery(query) : new GroupedLiveQuery(query);
    }

    /** Starts a snapshot, forgetting any earlier state: {@link #offer} each live record, then {@link #finishSnapshot}. */
    void beginSnapshot();

    /** Adds one live record to the snapshot being taken; a null value is skipped. */
    void offer(LiveRecord record);

    /** Ends the snapshot: sets the window the client holds and returns its rows. */
    Snapshot finishSnapshot();

    /** The result as a fresh snapshot would give it now. */
    Snapshot currentSnapshot();

    /** The QUERY_UPDATEs caused by one write: key now holds value (null: removed), expiring after expiresAtMillis. */
    List<Change> apply(String key, Value value, long expiresAtMillis);

    /** The QUERY_UPDATEs of the records that have expired by {@code nowMillis}. */
    List<Change> expire(long nowMillis);

    /** When the soonest tracked record expires ({@link LiveRecord#NEVER} if none does). */
    long nextExpiry();

    /**
     * Whether the writer's own connection gets the updates its write causes. A client holds the
     * records it wrote, so a plain query spares it; only the server knows a group's aggregates.
     */
    boolean updatesWriter();
}
