package dev.syncbench.service;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.QueryResp;
import dev.syncbench.protocol.QueryRow;
import dev.syncbench.protocol.QueryUpdate;
import dev.syncbench.query.Change;
import dev.syncbench.query.LiveQuery;
import dev.syncbench.query.Row;
import dev.syncbench.query.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.msgpack.value.Value;

/**
 * One connection's live query. Its lock orders the snapshot before every update: writers wait on
 * it while the snapshot is taken, and once the subscription is closed no update is sent.
 *
 * <p>Frames are queued with {@link ClientSession#sendEvent}, which never waits, because writers hold
 * a partition lock while they wait on this lock: a subscriber that stops reading is closed as a
 * slow consumer instead of stalling every writer of the map.
 */
final class QuerySubscription {
    private final ClientSession session;
    private final String queryId;
    private final String mapName;
    private final LiveQuery live;
    private final MessageCodec codec;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. */
    private boolean open;

    QuerySubscription(ClientSession session, String queryId, String mapName, LiveQuery live, MessageCodec codec) {
        this.session = session;
        this.queryId = queryId;
        this.mapName = mapName;
        this.live = live;
        this.codec = codec;
    }

    ClientSession session() {
        return session;
    }

    String queryId() {
        return queryId;
    }

    String mapName() {
        return mapName;
    }

    /**
     * Makes the subscription visible to writers with {@code register}, then takes the snapshot of
     * {@code liveRecords} and queues QUERY_RESP, all before any writer can apply a change to it.
     * Must not take partition locks (writers hold one while waiting on this subscription).
     */
    void open(Runnable register, Supplier<Iterable<Map.Entry<String, Value>>> liveRecords) {
        lock.lock();
        try {
            open = true;
            register.run();
            Snapshot snapshot = live.snapshot(liveRecords.get());
            List<QueryRow> rows = new ArrayList<>(snapshot.rows().size());
            for (Row row : snapshot.rows()) {
                rows.add(new QueryRow(row.key(), RecordValue.of(row.value())));
            }
            // hasMore is omitted when false, as TopGun does.
            Boolean hasMore = snapshot.hasMore() ? Boolean.TRUE : null;
            session.sendEvent(codec.encode(new QueryResp(queryId, rows, hasMore, snapshot.nextCursor(),
                    snapshot.cursorStatus())));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the live window past one write (key now holds {@code value}, or is gone when null) and,
     * when {@code deliver}, queues the resulting QUERY_UPDATEs. The writer's own connection passes
     * false: its window must follow the write, but its client already applied it.
     */
    void update(String key, Value value, boolean deliver) {
        lock.lock();
        try {
            if (!open) {
                return;
            }
            List<Change> changes = live.apply(key, value);
            if (deliver) {
                for (Change change : changes) {
                    RecordValue projected = change.value() == null ? null : RecordValue.of(change.value());
                    session.sendEvent(codec.encode(new QueryUpdate(queryId, change.key(), projected,
                            change.type().name())));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops updates; after this returns no further QUERY_UPDATE of this subscription is queued. */
    void close() {
        lock.lock();
        try {
            open = false;
        } finally {
            lock.unlock();
        }
    }
}
