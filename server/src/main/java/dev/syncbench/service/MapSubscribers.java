package dev.syncbench.service;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The query subscriptions on one map, grouped by connection, so that each watching connection
 * gets a change's SERVER_EVENT once however many queries it holds on the map. Changed only by
 * {@link QueryService} under its per-map index entry; read concurrently by writers.
 */
final class MapSubscribers {

    /** A connection watching the map, and its subscriptions on it by query id. */
    record Watcher(ClientSession session, Map<String, QuerySubscription> subscriptions) {
    }

    private final Map<Long, Watcher> byConnection = new ConcurrentHashMap<>();

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

    boolean isEmpty() {
        return byConnection.isEmpty();
    }

    Collection<Watcher> watchers() {
        return byConnection.values();
    }
}
