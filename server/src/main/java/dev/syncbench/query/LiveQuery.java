package dev.syncbench.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.msgpack.value.Value;

/**
 * The state of one query subscription: every matching key with its sort position and projected
 * value, and the window of rows the client holds (the first {@code min(limit, 10,000)} of them in
 * query order). {@link #snapshot} answers QUERY_SUB and sets the window; {@link #apply} turns one
 * write into the QUERY_UPDATEs that keep the client's window equal to a fresh snapshot.
 *
 * <p>All matching keys are tracked, not just the window, so that a freed slot can be refilled
 * with the best row outside it. Each apply is O(log n) in the number of matching keys.
 *
 * <p>Matching rows with a TTL are also indexed by expiry, so {@link #expire} can drop the rows that
 * expired (LEAVE, and a refill of the window) without looking at any other row, and
 * {@link #nextExpiry} tells the caller when to call it next.
 *
 * <p>Not thread-safe: one caller at a time (the query service serializes calls per subscription).
 */
public final class LiveQuery implements LiveView {

    private record Tracked(SortPosition position, Value projected, long expiresAtMillis) {
    }

    /** A matching row's expiry, ordered by time, then key. */
    private record Expiry(long atMillis, String key) {
        static final Comparator<Expiry> ORDER = Comparator.comparingLong(Expiry::atMillis)
                .thenComparing(Expiry::key);
    }

    private final Query query;
    private final int windowSize;
    private final Map<String, Tracked> matching = new HashMap<>();
    /** The positions of all matching keys, in query order. */
    private final TreeSet<SortPosition> ordered;
    /** The first windowSize elements of ordered: the rows the client holds. */
    private final TreeSet<SortPosition> window;
    /** The matching keys that expire, soonest first. */
    private final TreeSet<Expiry> expiries = new TreeSet<>(Expiry.ORDER);
    /** With a valid cursor, only rows strictly after this position belong to the result. */
    private SortPosition cursorPosition;
    /** The cursor's status for the snapshot being taken. */
    private CursorStatus snapshotStatus = CursorStatus.NONE;

    public LiveQuery(Query query) {
        this.query = query;
        this.windowSize = query.windowSize();
        this.ordered = new TreeSet<>(query.order());
        this.window = new TreeSet<>(query.order());
    }

    public Query query() {
        return query;
    }

    /**
     * The current result over the map's live records (null values are skipped), replacing any
     * earlier state: rows in query order after the cursor, at most the window size of them.
     */
    public Snapshot snapshot(Iterable<Map.Entry<String, Value>> liveRecords) {
        List<LiveRecord> records = new ArrayList<>();
        for (Map.Entry<String, Value> record : liveRecords) {
            records.add(new LiveRecord(record.getKey(), record.getValue(), LiveRecord.NEVER));
        }
        return snapshotRecords(records);
    }

    /** As {@link #snapshot}, for records that may expire. */
    public Snapshot snapshotRecords(Iterable<LiveRecord> liveRecords) {
        beginSnapshot();
        for (LiveRecord record : liveRecords) {
            offer(record);
        }
        return finishSnapshot();
    }

    /**
     * Starts a snapshot taken in steps: {@link #offer} each live record, then {@link #finishSnapshot}.
     * Lets the caller scan a large map without first copying it, and pause between records.
     */
    @Override
    public void beginSnapshot() {
        matching.clear();
        ordered.clear();
        window.clear();
        expiries.clear();
        CursorCodec.Decoded cursor = query.cursors().decode(query.cursor(), query.fingerprint());
        CursorStatus status = cursor.status();
        cursorPosition = null;
        if (status == CursorStatus.VALID) {
            if (cursor.sortValues().size() == query.sort().size()) {
                cursorPosition = new SortPosition(cursor.sortValues(), cursor.key());
            } else {
                status = CursorStatus.INVALID;
            }
        }
        snapshotStatus = status;
    }

    /** Adds one live record to the snapshot begun with {@link #beginSnapshot}; a null value is skipped. */
    @Override
    public void offer(LiveRecord record) {
        if (record.value() != null) {
            untrack(record.key());
            track(record.key(), record.value(), record.expiresAtMillis());
        }
    }

    /** Ends the snapshot begun with {@link #beginSnapshot}: sets the window and returns the rows. */
    @Override
    public Snapshot finishSnapshot() {
        for (SortPosition position : ordered) {
            if (window.size() == windowSize) {
                break;
            }
            window.add(position);
        }
        return currentSnapshot();
    }

    /**
     * The result as a fresh snapshot would give it now: the window's rows. A cursor's status is the
     * one it had when the snapshot was taken.
     */
    @Override
    public Snapshot currentSnapshot() {
        List<Row> rows = new ArrayList<>(window.size());
        for (SortPosition position : window) {
            rows.add(new Row(position.key(), matching.get(position.key()).projected()));
        }
        boolean hasMore = ordered.size() > windowSize;
        String nextCursor = null;
        if (hasMore && query.hasWindow()) {
            SortPosition last = window.last();
            nextCursor = query.cursors().encode(last.sortValues(), last.key(), query.fingerprint());
        }
        return new Snapshot(List.copyOf(rows), hasMore, nextCursor, snapshotStatus.wireName());
    }

    /**
     * The QUERY_UPDATEs caused by one write: key now holds newValue, or was removed (null).
     * LEAVEs come first, so the client's window never grows past the limit.
     */
    public List<Change> apply(String key, Value newValue) {
        return apply(key, newValue, LiveRecord.NEVER);
    }

    /** As {@link #apply(String, Value)}, for a value that expires once {@code expiresAtMillis} has passed. */
    @Override
    public List<Change> apply(String key, Value newValue, long expiresAtMillis) {
        List<Change> changes = new ArrayList<>(2);

        // Take the key out; if it held a window slot, the best row outside the window moves up.
        Tracked old = untrack(key);
        boolean wasInWindow = false;
        String refilled = null;
        if (old != null) {
            wasInWindow = window.remove(old.position());
            if (wasInWindow) {
                SortPosition next = window.isEmpty()
                        ? (ordered.isEmpty() ? null : ordered.first())
                        : ordered.higher(window.last());
                if (next != null) {
                    window.add(next);
                    refilled = next.key();
                }
            }
        }

        // Put it back at its new position; inside the window it displaces the window's last row.
        Tracked now = newValue == null ? null : track(key, newValue, expiresAtMillis);
        boolean inWindow = false;
        String displaced = null;
        if (now != null) {
            if (window.size() < windowSize) {
                window.add(now.position());
                inWindow = true;
            } else if (query.order().compare(now.position(), window.last()) < 0) {
                window.add(now.position());
                displaced = window.pollLast().key();
                inWindow = true;
            }
        }

        // A refilled row that is displaced again in the same write never reached the client.
        if (refilled != null && refilled.equals(displaced)) {
            refilled = null;
            displaced = null;
        }
        if (wasInWindow && !inWindow) {
            changes.add(new Change(key, null, ChangeType.LEAVE));
        }
        if (displaced != null) {
            changes.add(new Change(displaced, null, ChangeType.LEAVE));
        }
        if (refilled != null) {
            changes.add(new Change(refilled, matching.get(refilled).projected(), ChangeType.ENTER));
        }
        if (inWindow) {
            changes.add(new Change(key, now.projected(), wasInWindow ? ChangeType.UPDATE : ChangeType.ENTER));
        }
        return changes;
    }

    /** When the soonest matching row expires ({@link LiveRecord#NEVER} if none does); call {@link #expire} after it. */
    @Override
    public long nextExpiry() {
        return expiries.isEmpty() ? LiveRecord.NEVER : expiries.first().atMillis();
    }

    /** The QUERY_UPDATEs of the rows that have expired by {@code nowMillis}: each leaves as if removed. */
    @Override
    public List<Change> expire(long nowMillis) {
        List<Change> changes = new ArrayList<>();
        while (!expiries.isEmpty() && expiries.first().atMillis() < nowMillis) {
            changes.addAll(apply(expiries.first().key(), null));
        }
        return changes;
    }

    @Override
    public boolean updatesWriter() {
        return false;
    }

    /** The keys the client currently holds, in query order. */
    public List<String> windowKeys() {
        return window.stream().map(SortPosition::key).toList();
    }

    /** Starts tracking key when its value belongs to the result (matches, and lies after the cursor). */
    private Tracked track(String key, Value value, long expiresAtMillis) {
        if (!query.matches(value)) {
            return null;
        }
        SortPosition position = query.position(key, value);
        if (cursorPosition != null && query.order().compare(position, cursorPosition) <= 0) {
            return null;
        }
        Tracked tracked = new Tracked(position, query.project(value), expiresAtMillis);
        matching.put(key, tracked);
        ordered.add(position);
        if (expiresAtMillis != LiveRecord.NEVER) {
            expiries.add(new Expiry(expiresAtMillis, key));
        }
        return tracked;
    }

    private Tracked untrack(String key) {
        Tracked old = matching.remove(key);
        if (old != null) {
            ordered.remove(old.position());
            if (old.expiresAtMillis() != LiveRecord.NEVER) {
                expiries.remove(new Expiry(old.expiresAtMillis(), key));
            }
        }
        return old;
    }
}
