package dev.syncbench.service;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.QueryResp;
import dev.syncbench.protocol.QueryRow;
import dev.syncbench.protocol.QueryUpdate;
import dev.syncbench.query.Row;
import dev.syncbench.query.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.msgpack.value.ValueFactory;

/**
 * One connection's live query: what its client asked for (query id, map) and whose budget pays
 * for it. The evaluation itself lives in the {@link LiveResult} it belongs to, shared with every
 * other subscription to the same query; this class turns that result's snapshot and changes into
 * this client's QUERY_RESP, QUERY_UPDATEs and, when it ends, the ERROR naming its query.
 *
 * <p>Its frame methods are called under the result's lock, which orders them.
 */
final class QuerySubscription {
    private final ClientSession session;
    private final String queryId;
    private final String mapName;
    private final MessageCodec codec;
    private final QueryBudget budget;
    private final Consumer<QuerySubscription> onEnded;
    private volatile LiveResult result;
    /** Under the result's lock: updates held while this subscription's QUERY_RESP is being encoded. */
    private List<List<LiveResult.Update>> held;

    QuerySubscription(ClientSession session, String queryId, String mapName, MessageCodec codec, QueryBudget budget,
                      Consumer<QuerySubscription> onEnded) {
        this.session = session;
        this.queryId = queryId;
        this.mapName = mapName;
        this.codec = codec;
        this.budget = budget;
        this.onEnded = onEnded;
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

    QueryBudget budget() {
        return budget;
    }

    /** Opens a result of its own for this subscription, scanning the map (see {@link LiveResult#open}). */
    void open(LiveResult own, LiveResult.Scan scan) {
        result = own;
        own.open(this, scan);
    }

    /** Joins a live result; false when it is not live any more. */
    boolean join(LiveResult shared) {
        result = shared;
        return shared.join(this);
    }

    /** Stops updates; after this returns no further QUERY_UPDATE of this subscription is queued. */
    void close() {
        LiveResult current = result;
        if (current != null) {
            current.leave(this);
        }
    }

    byte[] encodeSnapshot(Snapshot snapshot) {
        List<QueryRow> rows = new ArrayList<>(snapshot.rows().size());
        for (Row row : snapshot.rows()) {
            rows.add(new QueryRow(row.key(), RecordValue.of(row.value())));
        }
        // hasMore is omitted when false, as TopGun does.
        Boolean hasMore = snapshot.hasMore() ? Boolean.TRUE : null;
        return codec.encode(new QueryResp(queryId, rows, hasMore, snapshot.nextCursor(), snapshot.cursorStatus()));
    }

    void sendFrame(byte[] frame) {
        session.sendEvent(frame);
    }

    /** Queues the QUERY_UPDATEs of one change, or holds them until the QUERY_RESP is out. */
    void send(List<LiveResult.Update> updates) {
        if (held != null) {
            held.add(updates);
            return;
        }
        for (LiveResult.Update update : updates) {
            session.sendEvent(codec.encode(new QueryUpdate(queryId, update.key(), update.value(), update.changeType())));
        }
    }

    void holdUpdates() {
        held = new ArrayList<>();
    }

    void releaseUpdates() {
        List<List<LiveResult.Update>> waiting = held;
        held = null;
        waiting.forEach(this::send);
    }

    /** Tells the client its query ended and why, naming it; the result has already dropped it. */
    void endLocked(int code, String reason) {
        held = null;
        session.sendEvent(codec.encode(new ErrorMessage(code,
                "query '" + queryId + "' on map '" + mapName + "' ended: " + reason, details(queryId, mapName))));
    }

    String overBudgetReason() {
        return "its user exceeded the budget of " + budget.describe() + "; subscribe again in "
                + budget.millisUntilUsable() + " ms";
    }

    /** Called once unlocked after {@link #endLocked}, so the service unregisters it. */
    void ended() {
        onEnded.accept(this);
    }

    /** The ERROR details naming a query, so the client knows which of its queries an error is about. */
    static RecordValue details(String queryId, String mapName) {
        return RecordValue.of(ValueFactory.newMap(
                ValueFactory.newString("queryId"), ValueFactory.newString(queryId),
                ValueFactory.newString("mapName"), ValueFactory.newString(mapName)));
    }
}
