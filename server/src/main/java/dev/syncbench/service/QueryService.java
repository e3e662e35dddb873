package dev.syncbench.service;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.metrics.ThreadCpuClock;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.QuerySub;
import dev.syncbench.protocol.QueryUnsub;
import dev.syncbench.protocol.ServerEvent;
import dev.syncbench.query.CursorCodec;
import dev.syncbench.query.InvalidQueryException;
import dev.syncbench.query.LiveRecord;
import dev.syncbench.query.LiveView;
import dev.syncbench.query.Query;
import dev.syncbench.store.RecordStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.msgpack.value.Value;

/**
 * Live queries and write fan-out (PROTOCOL.md §6). QUERY_SUB answers with a snapshot of the map's
 * live LWW records and then keeps the client's result current with QUERY_UPDATEs; every applied
 * change on a map also goes, as a SERVER_EVENT, to each other connection with a query on that map.
 *
 * <p>Query ids are scoped to their connection. Subscriptions are indexed per map, so a write to a
 * map nobody watches costs one hash-map lookup, and a watched write parses the record value once.
 * Subscriptions that ask the same query of the same map share one {@link LiveResult}: a write is
 * evaluated once for all of them, and a later one starts from the current window without a scan.
 *
 * <p>Nothing a subscription does can fail the write that feeds it: a query that cannot be
 * evaluated on a change ends with an ERROR naming it (see {@link LiveResult}). Rows with a TTL
 * leave live results when they expire.
 */
public final class QueryService implements ChangeListener, AutoCloseable {
    private final RecordStore store;
    private final MessageCodec codec;
    private final CursorCodec cursors;
    private final Clock clock;
    private final ExpiryTimer expiryTimer;
    /** Map name → its subscriptions; an entry exists only while the map has at least one. */
    private final Map<String, MapSubscribers> byMap = new ConcurrentHashMap<>();
    /** Connection id → its subscriptions by query id. */
    private final Map<Long, Map<String, QuerySubscription>> byConnection = new ConcurrentHashMap<>();
    /** Budget owner (user) → its query work budget; forgotten once full when a connection of it closes. */
    private final Map<String, QueryBudget> budgets = new ConcurrentHashMap<>();
    private final Supplier<QueryBudget> newBudget;

    public QueryService(RecordStore store, MessageCodec codec, CursorCodec cursors, Clock clock) {
        this(store, codec, cursors, clock, Duration.ofNanos(QueryBudget.DEFAULT_RATE_NANOS_PER_SECOND),
                Duration.ofNanos(QueryBudget.DEFAULT_BURST_NANOS));
    }

    /** With each user's query work limited to {@code perSecond} on average, {@code burst} at once. */
    public QueryService(RecordStore store, MessageCodec codec, CursorCodec cursors, Clock clock,
                        Duration perSecond, Duration burst) {
        this(store, codec, cursors, clock, () -> new QueryBudget(perSecond.toNanos(), burst.toNanos(), System::nanoTime, ThreadCpuClock::now));
    }

    QueryService(RecordStore store, MessageCodec codec, CursorCodec cursors, Clock clock,
                 Supplier<QueryBudget> newBudget) {
        this.newBudget = newBudget;
        this.store = store;
        this.codec = codec;
        this.cursors = cursors;
        this.clock = clock;
        this.expiryTimer = new ExpiryTimer(clock);
    }

    /** QUERY_SUB: replaces the connection's subscription with the same id, if any, and sends the snapshot. */
    public void subscribe(ClientSession session, QuerySub request) {
        Query query;
        try {
            query = Query.parse(request.query(), request.fields(), cursors);
        } catch (InvalidQueryException e) {
            session.send(new ErrorMessage(400, e.getMessage(), null));
            return;
        }
        QueryBudget budget = budgets.computeIfAbsent(budgetOwner(session), owner -> newBudget.get());
        if (budget.exhausted()) {
            session.send(new ErrorMessage(429, "query '" + request.queryId() + "' refused: its user exceeded the budget of "
                    + budget.describe() + "; subscribe again in " + budget.millisUntilUsable() + " ms",
                    QuerySubscription.details(request.queryId(), request.mapName())));
            return;
        }
        QuerySubscription subscription = new QuerySubscription(session, request.queryId(), request.mapName(), codec,
                budget, this::dropFailed);
        register(subscription);
        // identical queries share one result; a cursor's status depends on when it is read, so those do not
        Object sharedAs = query.cursor() == null ? List.of(request.mapName(), request.query(), String.valueOf(request.fields())) : null;
        MapSubscribers subscribers = byMap.get(request.mapName());
        LiveResult shared = subscribers == null ? null : subscribers.shared(sharedAs);
        if (shared != null && subscription.join(shared)) {
            return;
        }
        String mapName = request.mapName();
        LiveResult own = new LiveResult(LiveView.of(query), expiryTimer, closed -> forget(mapName, closed));
        // visible to writers before the scan starts, so no write falls between the two
        byMap.compute(mapName, (name, present) -> {
            MapSubscribers index = present == null ? new MapSubscribers() : present;
            index.addResult(own, sharedAs);
            return index;
        });
        subscription.open(own, sink -> scanLive(mapName, sink));
    }

    /** Query work is budgeted per user, so reconnecting does not refill it; a session without one is its own. */
    private static String budgetOwner(ClientSession session) {
        return session.userId() != null ? "user:" + session.userId() : "connection:" + session.id();
    }

    /** QUERY_UNSUB: ends the connection's subscription with that id; no reply, unknown ids are ignored. */
    public void unsubscribe(ClientSession session, QueryUnsub request) {
        Map<String, QuerySubscription> own = byConnection.get(session.id());
        if (own == null) {
            return;
        }
        QuerySubscription subscription = own.remove(request.queryId());
        if (subscription != null) {
            release(subscription);
        }
        if (own.isEmpty()) {
            byConnection.remove(session.id(), own);
        }
    }

    /** Releases every subscription of a closed connection. */
    public void disconnected(ClientSession session) {
        Map<String, QuerySubscription> own = byConnection.remove(session.id());
        if (own != null) {
            own.values().forEach(this::release);
        }
        // a user's budget is kept while it owes work, so reconnecting does not refill it
        budgets.computeIfPresent(budgetOwner(session), (owner, budget) -> budget.full() ? null : budget);
    }

    /** How many query subscriptions are open across all connections. */
    public int subscriptionCount() {
        return byConnection.values().stream().mapToInt(Map::size).sum();
    }

    /** How many maps have at least one query subscription. */
    public int watchedMapCount() {
        return byMap.size();
    }

    @Override
    public void lwwChanged(String mapName, String key, LwwRecord previous, LwwRecord current,
                           ServerEvent event, ClientSession origin) {
        MapSubscribers subscribers = byMap.get(mapName);
        if (subscribers == null) {
            return;
        }
        Value value = current.isLive(clock.millis()) ? readable(current) : null;
        long expiresAt = current.expiresAtMillis();
        byte[] eventFrame = null;
        for (MapSubscribers.Watcher watcher : subscribers.watchers()) {
            if (!isSame(watcher.session(), origin)) {
                if (eventFrame == null) {
                    eventFrame = codec.encode(event);
                }
                watcher.session().sendEvent(eventFrame);
            }
        }
        long originId = origin == null ? LiveResult.NO_ORIGIN : origin.id();
        for (LiveResult result : subscribers.results()) {
            result.update(key, value, expiresAt, originId);
        }
    }

    /** OR-Map records never appear in query results, so an OR change is only a SERVER_EVENT. */
    @Override
    public void orChanged(String mapName, String key, OrMapEntry previous, OrMapEntry current,
                          ServerEvent event, ClientSession origin) {
        MapSubscribers subscribers = byMap.get(mapName);
        if (subscribers == null) {
            return;
        }
        byte[] eventFrame = null;
        for (MapSubscribers.Watcher watcher : subscribers.watchers()) {
            if (!isSame(watcher.session(), origin)) {
                if (eventFrame == null) {
                    eventFrame = codec.encode(event);
                }
                watcher.session().sendEvent(eventFrame);
            }
        }
    }

    private static boolean isSame(ClientSession a, ClientSession b) {
        return b != null && a.id() == b.id();
    }

    /** Registers a subscription with its connection and its map, ending one it replaces. */
    private void register(QuerySubscription subscription) {
        QuerySubscription replaced = byConnection
                .computeIfAbsent(subscription.session().id(), id -> new ConcurrentHashMap<>())
                .put(subscription.queryId(), subscription);
        if (replaced != null) {
            release(replaced);
        }
        byMap.compute(subscription.mapName(), (name, subscribers) -> {
            MapSubscribers present = subscribers == null ? new MapSubscribers() : subscribers;
            present.add(subscription);
            return present;
        });
    }

    /** Unregisters a subscription that ended itself with an ERROR. */
    private void dropFailed(QuerySubscription subscription) {
        Map<String, QuerySubscription> own = byConnection.get(subscription.session().id());
        if (own != null) {
            own.remove(subscription.queryId(), subscription);
        }
        release(subscription);
    }

    /** Forgets a result its last subscription left. */
    private void forget(String mapName, LiveResult result) {
        byMap.computeIfPresent(mapName, (name, subscribers) -> {
            subscribers.removeResult(result);
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    private void release(QuerySubscription subscription) {
        subscription.close();
        byMap.computeIfPresent(subscription.mapName(), (name, subscribers) -> {
            subscribers.remove(subscription);
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    /**
     * Hands the map's records a query can see (live and readable) to the sink one at a time, without
     * copying the map first. Reads the store without partition locks.
     */
    private void scanLive(String mapName, Consumer<LiveRecord> sink) {
        long now = clock.millis();
        store.forEachLww(mapName, (key, record) -> {
            Value value = record.isLive(now) ? readable(record) : null;
            if (value != null) {
                sink.accept(new LiveRecord(key, value, record.expiresAtMillis()));
            }
        });
    }

    /**
     * A live record's value as data, or null when its bytes cannot be read as data (values are
     * validated where they enter, so only a value stored before that can be unreadable): such a
     * value matches no query, as if it had no fields, and costs no subscriber its query.
     */
    private static Value readable(LwwRecord record) {
        try {
            return record.value().toValue();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Stops the expiry timer. */
    @Override
    public void close() {
        expiryTimer.close();
    }
}
