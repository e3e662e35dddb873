package dev.syncbench.service;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The query subscriptions on one map, grouped by connection, so that each watching connection
 * gets a change's SERVER_EVENT once however many queries it holds on the map; and the map's live
 * results, each evaluated once per change for all the subscriptions to its query. Changed only by
 * {@link QueryService} under its per-map index entry; read concurrently by writers.
 */
final class MapSubscribers {

    /** A connection watching the map, and its subscriptions on it by query id. */
    record Watcher(ClientSession session, Map<String, QuerySubscription> subscriptions) {
    }

    private final Map<Long, Watcher> byConnection = new ConcurrentHashMap<>();
    /** Every open result on the map. */
    private final Set<LiveResult> results = ConcurrentHashMap.newKeySet();
    /** By query, the result a new subscription to that query joins. */
    private final Map<Object, LiveResult> shared = new ConcurrentHashMap<>();

    void add(QuerySubscription subscription) {
        ClientSession session = subscription.session();
        byConnection.computeIfAbsent(session.id(), id -> new Watcher(session, new ConcurrentHashMap<>()))
                .subscriptions().put(subscription.queryId(), subscription);
    }

    /** Removes exactly this subscription (not a newer one that reuses its id). */
    void remove(QuerySubscription subscription) {
        long connection = subscription.session().id();
        Watcher watcher = byConnection.get(connection);
        if (watcher != null) {
            watcher.subscriptions().remove(subscription.queryId(), subscription);
            if (watcher.subscriptions().isEmpty()) {
                byConnection.remove(connection, watcher);
            }
        }
    }

    /** Adds a result; it is the one to join for {@code query} unless another is already (null: never shared). */
    void addResult(LiveResult result, Object query) {
        results.add(result);
        if (query != null) {
            shared.putIfAbsent(query, result);
        }
    }

    void removeResult(LiveResult result) {
        results.remove(result);
        shared.values().removeIf(r -> r == result);
    }

    /** The result to join for a query, or null. */
    LiveResult shared(Object query) {
        return query == null ? null : shared.get(query);
    }

    boolean isEmpty() {
        return byConnection.isEmpty() && results.isEmpty();
    }

    Collection<Watcher> watchers() {
        return byConnection.values();
    }

    Collection<LiveResult> results() {
        return results;
    }
}
