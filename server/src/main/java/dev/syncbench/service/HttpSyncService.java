package dev.syncbench.service;

import dev.syncbench.crdt.Hlc;
import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.HttpSyncRequest;
import dev.syncbench.protocol.HttpSyncResponse;
import dev.syncbench.protocol.OpAck;
import dev.syncbench.protocol.ServerMessage;
import dev.syncbench.store.RecordStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.msgpack.value.Value;

/**
 * {@code POST /sync} for clients without a WebSocket (reference features §4): the request's ops go
 * through {@link WriteService} exactly as an OP_BATCH's (CRDT rules, access policies, metrics,
 * events to WebSocket subscribers, journal); the maps it names in {@code syncMaps} are answered
 * with their changes since the client's last sync (ours: TopGun ignores syncMaps, so an HTTP-only
 * client never sees anyone else's writes); its queries are answered from the store.
 */
public final class HttpSyncService {
    /** Most records of one map a response carries; the client asks again from where it stopped. */
    static final int MAX_DELTA_RECORDS = 10_000;
    /** Most value bytes all deltas of a response carry together. */
    static final long MAX_DELTA_BYTES = 4L * 1024 * 1024;
    /** HTTP requests are no connections: their sessions get ids no connection has. */
    private static final AtomicLong SESSION_IDS = new AtomicLong(Long.MIN_VALUE / 2);

    private final WriteService writes;
    private final RecordStore store;
    private final Hlc hlc;
    private final AccessGuard access;

    public HttpSyncService(WriteService writes, RecordStore store, Hlc hlc, AccessGuard access) {
        this.writes = writes;
        this.store = store;
        this.hlc = hlc;
        this.access = access;
    }

    /** Handles one request for the subject given (null when the server runs without authentication). */
    public HttpSyncResponse sync(String userId, List<String> roles, HttpSyncRequest request) {
        RequestSession session = new RequestSession(SESSION_IDS.getAndIncrement(), userId, roles);
        List<HttpSyncResponse.SyncError> errors = new ArrayList<>();
        OpAck ack = null;
        if (!request.operations().isEmpty()) {
            writes.write(session, request.operations(), null);
            for (ServerMessage reply : session.replies) {
                if (reply instanceof OpAck opAck) {
                    ack = new OpAck(opAck.lastId(), null, opAck.results());
                } else if (reply instanceof ErrorMessage error) {
                    errors.add(new HttpSyncResponse.SyncError(error.code(), error.message(), null));
                }
            }
        }
        List<HttpSyncResponse.MapDelta> deltas = new ArrayList<>();
        long[] budget = {MAX_DELTA_BYTES};
        for (HttpSyncRequest.SyncMap map : request.syncMaps()) {
            ErrorMessage denied = access.deniedRead(session, map.mapName(), null, null);
            if (denied != null) {
                errors.add(new HttpSyncResponse.SyncError(denied.code(), denied.message(), map.mapName()));
            } else {
                deltas.add(delta(map, budget));
            }
        }
        List<HttpSyncResponse.QueryResult> results = new ArrayList<>();
        for (HttpSyncRequest.Query query : request.queries()) {
            if (access.deniedRead(session, query.mapName(), null, null) != null) {
                // TopGun's wording for a denied HTTP query.
                errors.add(new HttpSyncResponse.SyncError(403, "access denied", query.queryId()));
                continue;
            }
            HttpSyncResponse.QueryResult result = query(query, errors);
            if (result != null) {
                results.add(result);
            }
        }
        return new HttpSyncResponse(hlc.now(), ack, deltas, results, errors);
    }

    /**
     * The map's LWW changes stamped after {@code since}, oldest first, tombstones as REMOVE. A cut
     * (too many records or bytes) falls between two timestamps, never inside one, so asking again
     * from {@code serverSyncTimestamp} misses nothing.
     */
    private HttpSyncResponse.MapDelta delta(HttpSyncRequest.SyncMap map, long[] budget) {
        Timestamp since = map.lastSyncTimestamp();
        List<Map.Entry<String, LwwRecord>> newer = new ArrayList<>();
        store.forEachLww(map.mapName(), (key, record) -> {
            if (since == null || record.timestamp().isAfter(since)) {
                newer.add(Map.entry(key, record));
            }
        });
        newer.sort(Comparator.comparing((Map.Entry<String, LwwRecord> e) -> e.getValue().timestamp())
                .thenComparing(Map.Entry::getKey));
        List<HttpSyncResponse.DeltaRecord> records = new ArrayList<>();
        Timestamp last = since == null ? new Timestamp(0, 0, "") : since;
        boolean hasMore = false;
        for (int i = 0; i < newer.size(); i++) {
            LwwRecord record = newer.get(i).getValue();
            boolean sameAsPrevious = i > 0 && record.timestamp().equals(newer.get(i - 1).getValue().timestamp());
            long size = record.value() == null ? 0 : record.value().bytes().length;
            if (!sameAsPrevious && !records.isEmpty() && (records.size() >= MAX_DELTA_RECORDS || size > budget[0])) {
                hasMore = true;
                break;
            }
            budget[0] -= size;
            records.add(new HttpSyncResponse.DeltaRecord(newer.get(i).getKey(), record,
                    record.isTombstone() ? "REMOVE" : "PUT"));
            last = record.timestamp();
        }
        return new HttpSyncResponse.MapDelta(map.mapName(), records, last, hasMore);
    }

    /**
     * Live LWW values equal to each entry of {@code filter} when it is a map (any other filter
     * matches everything), sorted by key; {@code cursor} (the {@code nextCursor} of an earlier
     * page) wins over {@code offset}; {@code hasMore} only with a {@code limit}.
     */
    private HttpSyncResponse.QueryResult query(HttpSyncRequest.Query query, List<HttpSyncResponse.SyncError> errors) {
        long start = query.offset() == null ? 0 : query.offset();
        if (query.cursor() != null) {
            try {
                start = Long.parseLong(query.cursor());
            } catch (NumberFormatException e) {
                start = -1;
            }
            if (start < 0) {
                errors.add(new HttpSyncResponse.SyncError(400, "invalid or expired cursor", query.queryId()));
                return null;
            }
        }
        long now = System.currentTimeMillis();
        List<Map.Entry<String, RecordValue>> rows = new ArrayList<>();
        store.forEachLww(query.mapName(), (key, record) -> {
            if (record.isLive(now) && record.value() != null && matches(query.filter(), record.value())) {
                rows.add(Map.entry(key, record.value()));
            }
        });
        rows.sort(Map.Entry.comparingByKey());
        int from = (int) Math.min(start, rows.size());
        int to = query.limit() == null ? rows.size() : (int) Math.min(rows.size(), from + query.limit());
        List<RecordValue> page = rows.subList(from, to).stream().map(Map.Entry::getValue).toList();
        boolean more = to < rows.size();
        return new HttpSyncResponse.QueryResult(query.queryId(), page, query.limit() == null ? null : more,
                more ? Long.toString(to) : null);
    }

    private static boolean matches(Value filter, RecordValue value) {
        if (filter == null || !filter.isMapValue() || filter.asMapValue().size() == 0) {
            return true;
        }
        Value record = AccessGuard.valueOf(value);
        if (!record.isMapValue()) {
            return false;
        }
        Map<Value, Value> fields = record.asMapValue().map();
        for (Map.Entry<Value, Value> wanted : filter.asMapValue().entrySet()) {
            Value actual = fields.get(wanted.getKey());
            if (actual == null || !actual.equals(wanted.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The session of one HTTP request: it keeps the replies the services send it. */
    private static final class RequestSession implements ClientSession {
        private final long id;
        private final String userId;
        private final List<String> roles;
        final List<ServerMessage> replies = new ArrayList<>(2);

        RequestSession(long id, String userId, List<String> roles) {
            this.id = id;
            this.userId = userId;
            this.roles = roles == null ? List.of() : roles;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public String userId() {
            return userId;
        }

        @Override
        public List<String> roles() {
            return roles;
        }

        @Override
        public void send(ServerMessage message) {
            replies.add(message);
        }

        @Override
        public void sendEvent(byte[] frame) {
            // Holds no subscription: nothing is fanned out to it.
        }
    }
}
