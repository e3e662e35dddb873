package dev.syncbench.service;

import java.util.Map;

/**
 * A live search on one map (SEARCH_SUB or HYBRID_SEARCH_SUB), kept current by its
 * {@link SearchedMap}'s passes. Its methods run under the map's pass lock, which orders them.
 */
interface LiveSearch {

    ClientSession session();

    String subscriptionId();

    String mapName();

    /** Runs the search and sends the first result; changes with a sequence above {@code since} come in later refreshes. */
    void start(SearchedMap map, long since);

    /** Runs the search again on the map as it is now and sends the client the differences. */
    void refresh(SearchedMap map, Map<String, Long> touched);

    /** Ends on a failure of its own, telling the client; the caller unregisters it. */
    void fail(String reason);
}
