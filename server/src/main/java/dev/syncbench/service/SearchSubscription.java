package dev.syncbench.service;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.SearchHit;
import dev.syncbench.protocol.SearchResp;
import dev.syncbench.protocol.SearchUpdate;
import dev.syncbench.search.ScoredKey;
import dev.syncbench.search.SearchQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.value.ValueFactory;

/**
 * One connection's live search: its query, limit and minScore, and the keys its client holds
 * as results. Each time the map changes it is given the search's new best {@code limit} hits
 * and tells its client the difference: LEAVE for keys that dropped out (first, so a displaced
 * key leaves before its replacement enters), ENTER for new ones, UPDATE for keys still in that
 * were written since. Its methods run under its {@link SearchedMap}'s pass lock, which orders them.
 */
final class SearchSubscription implements LiveSearch {
    private final ClientSession session;
    private final String subscriptionId;
    private final String mapName;
    private final SearchQuery query;
    private final int limit;
    private final double minScore;
    private final MessageCodec codec;
    /** The map's change sequence when this subscription took its first result: older changes are in it. */
    private long since;
    private Map<String, ScoredKey> current = Map.of();

    SearchSubscription(ClientSession session, String subscriptionId, String mapName, SearchQuery query, int limit,
                       double minScore, MessageCodec codec) {
        this.session = session;
        this.subscriptionId = subscriptionId;
        this.mapName = mapName;
        this.query = query;
        this.limit = limit;
        this.minScore = minScore;
        this.codec = codec;
    }

    @Override
    public ClientSession session() {
        return session;
    }

    @Override
    public String subscriptionId() {
        return subscriptionId;
    }

    @Override
    public String mapName() {
        return mapName;
    }

    /** Sends the first result, a SEARCH_RESP named by the subscription id, on the event path that later updates take. */
    @Override
    public void start(SearchedMap map, long sequence) {
        List<ScoredKey> hits = map.search(query, limit, minScore);
        since = sequence;
        current = byKey(hits);
        session.sendEvent(codec.encode(new SearchResp(subscriptionId, SearchService.wireHits(hits), hits.size(), null)));
    }

    /** Tells the client how the new best hits differ from what it holds; {@code touched} maps written keys to their change sequence. */
    @Override
    public void refresh(SearchedMap map, Map<String, Long> touched) {
        Map<String, ScoredKey> next = byKey(map.search(query, limit, minScore));
        for (String key : current.keySet()) {
            if (!next.containsKey(key)) {
                send(new SearchUpdate(subscriptionId, key, null, 0.0, List.of(), "LEAVE"));
            }
        }
        for (ScoredKey hit : next.values()) {
            if (!current.containsKey(hit.key())) {
                send(new SearchUpdate(subscriptionId, hit.key(), null, hit.score(), hit.matchedTerms(), "ENTER"));
            } else {
                Long changed = touched.get(hit.key());
                if (changed != null && changed > since) {
                    send(new SearchUpdate(subscriptionId, hit.key(), null, hit.score(), hit.matchedTerms(), "UPDATE"));
                }
            }
        }
        current = next;
    }

    @Override
    public void fail(String reason) {
        session.sendEvent(codec.encode(new ErrorMessage(500, "search '" + subscriptionId + "' on map '" + mapName
                + "' ended: " + reason, details("subscriptionId", subscriptionId, mapName))));
    }

    private void send(SearchUpdate update) {
        session.sendEvent(codec.encode(update));
    }

    private static Map<String, ScoredKey> byKey(List<ScoredKey> hits) {
        Map<String, ScoredKey> map = new LinkedHashMap<>();
        for (ScoredKey hit : hits) {
            map.put(hit.key(), hit);
        }
        return map;
    }

    /** ERROR details naming a search request or subscription, so the client knows which one an error is about. */
    static RecordValue details(String idField, String id, String mapName) {
        List<org.msgpack.value.Value> entries = new ArrayList<>(4);
        entries.add(ValueFactory.newString(idField));
        entries.add(ValueFactory.newString(id));
        if (mapName != null) {
            entries.add(ValueFactory.newString("mapName"));
            entries.add(ValueFactory.newString(mapName));
        }
        return RecordValue.of(ValueFactory.newMap(entries.toArray(new org.msgpack.value.Value[0])));
    }
}
