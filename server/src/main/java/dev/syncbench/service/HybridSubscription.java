package dev.syncbench.service;

import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.HybridHit;
import dev.syncbench.protocol.HybridSearchResp;
import dev.syncbench.protocol.HybridSearchUpdate;
import dev.syncbench.protocol.MessageCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One connection's live hybrid search. Each pass re-runs the whole hybrid search (its legs and
 * the fusion) and tells the client the difference: LEAVE for keys that dropped out (score 0, no
 * method scores, no value), ENTER for new ones, UPDATE for keys still in that were written since,
 * with their new scores and value.
 */
final class HybridSubscription implements LiveSearch {
    private final ClientSession session;
    private final String subscriptionId;
    private final String mapName;
    private final Function<SearchedMap, List<HybridHit>> search;
    private final MessageCodec codec;
    private long since;
    private Map<String, HybridHit> current = Map.of();

    HybridSubscription(ClientSession session, String subscriptionId, String mapName,
                       Function<SearchedMap, List<HybridHit>> search, MessageCodec codec) {
        this.session = session;
        this.subscriptionId = subscriptionId;
        this.mapName = mapName;
        this.search = search;
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

    /** The first result, a HYBRID_SEARCH_RESP named by the subscription id. */
    @Override
    public void start(SearchedMap map, long sequence) {
        long started = System.nanoTime();
        List<HybridHit> hits = search.apply(map);
        since = sequence;
        current = byKey(hits);
        session.sendEvent(codec.encode(new HybridSearchResp(subscriptionId, hits,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), null)));
    }

    @Override
    public void refresh(SearchedMap map, Map<String, Long> touched) {
        Map<String, HybridHit> next = byKey(search.apply(map));
        for (String key : current.keySet()) {
            if (!next.containsKey(key)) {
                send(new HybridSearchUpdate(subscriptionId, key, 0.0, Map.of(), null, "LEAVE"));
            }
        }
        for (HybridHit hit : next.values()) {
            if (!current.containsKey(hit.key())) {
                send(new HybridSearchUpdate(subscriptionId, hit.key(), hit.score(), hit.methodScores(), hit.value(), "ENTER"));
            } else {
                Long changed = touched.get(hit.key());
                if (changed != null && changed > since) {
                    send(new HybridSearchUpdate(subscriptionId, hit.key(), hit.score(), hit.methodScores(), hit.value(),
                            "UPDATE"));
                }
            }
        }
        current = next;
    }

    @Override
    public void fail(String reason) {
        session.sendEvent(codec.encode(new ErrorMessage(500, "hybrid search '" + subscriptionId + "' on map '" + mapName
                + "' ended: " + reason, SearchSubscription.details("subscriptionId", subscriptionId, mapName))));
    }

    private void send(HybridSearchUpdate update) {
        session.sendEvent(codec.encode(update));
    }

    private static Map<String, HybridHit> byKey(List<HybridHit> hits) {
        Map<String, HybridHit> map = new LinkedHashMap<>();
        for (HybridHit hit : hits) {
            map.put(hit.key(), hit);
        }
        return map;
    }
}
