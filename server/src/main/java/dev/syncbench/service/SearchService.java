package dev.syncbench.service;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.Search;
import dev.syncbench.protocol.SearchHit;
import dev.syncbench.protocol.SearchOptions;
import dev.syncbench.protocol.SearchResp;
import dev.syncbench.protocol.SearchSub;
import dev.syncbench.protocol.SearchUnsub;
import dev.syncbench.protocol.ServerEvent;
import dev.syncbench.search.EmbeddingException;
import dev.syncbench.search.EmbeddingProvider;
import dev.syncbench.search.InvalidSearchException;
import dev.syncbench.search.RecordText;
import dev.syncbench.search.ScoredKey;
import dev.syncbench.search.SearchQuery;
import dev.syncbench.store.RecordStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Full-text search (PROTOCOL.md §11): SEARCH answers once with ranked hits, SEARCH_SUB keeps them
 * current with SEARCH_UPDATEs, SEARCH_UNSUB and a disconnect end that.
 *
 * <p>A map gets an index only once someone searches it: the first search builds it from the
 * store (the durable stores serve from memory, so after a restart this is the rebuild), and from
 * then on the write path keeps it current, until no live search holds it and nobody searched it
 * for the idle timeout (or, for a map without records, its last live search ends). For every other
 * map, a change costs this listener one hash-map lookup that finds nothing. Expired records are dropped from an index when their
 * TTL runs out, and never returned before.
 */
public final class SearchService implements ChangeListener, AutoCloseable {
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;
    static final int MAX_SUBSCRIPTIONS_PER_CONNECTION = 64;
    /** Texts sent to a remote embedding provider in one request. */
    private static final int EMBED_BATCH = 32;
    private static final long RETIRED_CLOSE_DELAY_SECONDS = 30;
    private static final Logger LOG = Logger.getLogger(SearchService.class.getName());

    private final RecordStore store;
    private final PartitionTable partitions;
    private final MessageCodec codec;
    private final Clock clock;
    /** Null when semantic search is off. */
    private final EmbeddingProvider embeddings;
    /** Map name → its index; an entry exists only for maps someone searched. */
    private final Map<String, SearchedMap> byMap = new ConcurrentHashMap<>();
    /** Connection id → its live searches by subscription id. */
    private final Map<Long, Map<LiveKey, LiveSearch>> byConnection = new ConcurrentHashMap<>();
    /** Live-search passes: short tasks, each on its own virtual thread. */
    private final ExecutorService passes = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("search-pass-", 0).factory());
    /** Drops records from indexes when their TTL runs out. */
    private final ScheduledThreadPoolExecutor expiry =
            new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("search-expiry").factory());

    /**
     * @param idleTimeout how long an index no live search holds is kept after its last search; then
     *        its map's writes cost nothing again, and the next search rebuilds it
     */
    public SearchService(RecordStore store, PartitionTable partitions, MessageCodec codec, Clock clock,
                         EmbeddingProvider embeddings, Duration idleTimeout) {
        this.embeddings = embeddings;
        long sweepMillis = Math.clamp(idleTimeout.toMillis() / 4, 1_000, 60_000);
        expiry.scheduleWithFixedDelay(() -> retireIdle(idleTimeout.toNanos()), sweepMillis, sweepMillis,
                TimeUnit.MILLISECONDS);
        this.store = store;
        this.partitions = partitions;
        this.codec = codec;
        this.clock = clock;
        expiry.setRemoveOnCancelPolicy(true);
    }

    /** A request's validated settings. */
    private record Request(SearchQuery query, int limit, double minScore) {
    }

    /** The provider semantic search uses, or null when it is off. */
    EmbeddingProvider embeddings() {
        return embeddings;
    }

    /** The map's index, built first if need be; null when the map has no records and none exists. */
    SearchedMap indexed(String mapName) {
        SearchedMap searched = byMap.get(mapName);
        if (searched == null && hasRecords(mapName)) {
            searched = open(mapName);
        }
        return searched;
    }

    /** SEARCH: the best hits now; a map with no records gives none, without building an index. */
    public void search(ClientSession session, Search request) {
        Request parsed = parse(session, "requestId", request.requestId(), request.mapName(), request.query(),
                request.options());
        if (parsed == null) {
            return;
        }
        SearchedMap searched = indexed(request.mapName());
        List<ScoredKey> hits = searched == null ? List.of()
                : searched.search(parsed.query(), parsed.limit(), parsed.minScore());
        session.send(new SearchResp(request.requestId(), wireHits(hits), hits.size(), null));
    }

    /** SEARCH_SUB: replaces the connection's live search with the same id, if any, and sends the first result. */
    public void subscribe(ClientSession session, SearchSub request) {
        Request parsed = parse(session, "subscriptionId", request.subscriptionId(), request.mapName(),
                request.query(), request.options());
        if (parsed == null) {
            return;
        }
        register(session, TEXT, new SearchSubscription(session, request.subscriptionId(), request.mapName(),
                parsed.query(), parsed.limit(), parsed.minScore(), codec));
    }

    /** SEARCH_UNSUB: ends the connection's live search with that id; no reply, an unknown id is ignored. */
    public void unsubscribe(ClientSession session, SearchUnsub request) {
        unregister(session, TEXT, request.subscriptionId());
    }

    /** Which message family a subscription id belongs to: SEARCH_SUB and HYBRID_SEARCH_SUB ids do not collide. */
    record LiveKey(String kind, String subscriptionId) {
    }

    static final String TEXT = "search";
    static final String HYBRID = "hybrid";

    /**
     * Registers a live search for its connection, replacing the one with the same id, and starts it
     * on its map's index (built if need be); at most {@link #MAX_SUBSCRIPTIONS_PER_CONNECTION}.
     */
    void register(ClientSession session, String kind, LiveSearch live) {
        LiveKey key = new LiveKey(kind, live.subscriptionId());
        Map<LiveKey, LiveSearch> own = byConnection.computeIfAbsent(session.id(), id -> new ConcurrentHashMap<>());
        if (!own.containsKey(key) && own.size() >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
            session.send(new ErrorMessage(429, "too many live searches on this connection (at most "
                    + MAX_SUBSCRIPTIONS_PER_CONNECTION + ")",
                    SearchSubscription.details("subscriptionId", live.subscriptionId(), live.mapName())));
            return;
        }
        LiveSearch replaced = own.put(key, live);
        if (replaced != null) {
            release(replaced);
        }
        // an index retired between open and subscribe takes no one: open its successor
        while (!open(live.mapName()).subscribe(live)) {
            Thread.onSpinWait();
        }
    }

    /** Ends the connection's live search of that kind and id; an unknown id is ignored. */
    void unregister(ClientSession session, String kind, String subscriptionId) {
        Map<LiveKey, LiveSearch> own = byConnection.get(session.id());
        if (own == null) {
            return;
        }
        LiveSearch live = own.remove(new LiveKey(kind, subscriptionId));
        if (live != null) {
            release(live);
        }
    }

    /** Ends every live search of a closed connection. */
    public void disconnected(ClientSession session) {
        Map<LiveKey, LiveSearch> own = byConnection.remove(session.id());
        if (own != null) {
            own.values().forEach(this::release);
        }
    }

    /** Ends a live search; the index of a map without records goes with its last live search. */
    private void release(LiveSearch subscription) {
        SearchedMap searched = byMap.get(subscription.mapName());
        if (searched != null) {
            searched.unsubscribe(subscription);
            if (!searched.hasSubscriptions() && !hasRecords(searched.mapName()) && searched.retireIfUnused(0)) {
                drop(searched);
            }
        }
    }

    /** Drops the indexes no live search holds and no search used for {@code idleNanos}. */
    private void retireIdle(long idleNanos) {
        for (SearchedMap searched : byMap.values()) {
            if (searched.retireIfUnused(idleNanos)) {
                drop(searched);
            }
        }
    }

    /**
     * Forgets a retired index, so its map's writes stop paying for it; it is closed a little later,
     * once searches that picked it up just before have finished with it.
     */
    private void drop(SearchedMap searched) {
        byMap.remove(searched.mapName(), searched);
        expiry.schedule(searched::close, RETIRED_CLOSE_DELAY_SECONDS, TimeUnit.SECONDS);
    }

    /** Checks a request's fields; on a problem answers ERROR 400 naming the request and returns null. */
    private static Request parse(ClientSession session, String idField, String id, String mapName, String text,
                                 SearchOptions options) {
        String problem = null;
        SearchQuery query = null;
        Long limit = options.limit();
        Double minScore = options.minScore();
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            problem = "options.limit must be between 1 and " + MAX_LIMIT + ", got " + limit;
        } else if (minScore != null && !Double.isFinite(minScore)) {
            problem = "options.minScore must be a finite number, got " + minScore;
        } else {
            try {
                query = SearchQuery.parse(text);
            } catch (InvalidSearchException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            session.send(new ErrorMessage(400, problem, SearchSubscription.details(idField, id, mapName)));
            return null;
        }
        return new Request(query, limit == null ? DEFAULT_LIMIT : limit.intValue(),
                minScore == null ? 0.0 : minScore);
    }

    /** The map's index, built from the store by the first caller; later callers wait for that build. */
    private SearchedMap open(String mapName) {
        SearchedMap fresh = new SearchedMap(mapName, passes, key -> isLive(mapName, key));
        SearchedMap present = byMap.putIfAbsent(mapName, fresh);
        if (present != null) {
            fresh.close();
            try {
                present.built().join();
            } catch (CompletionException e) {
                throw new IllegalStateException("building the search index of map '" + mapName + "' failed", e.getCause());
            }
            return present;
        }
        try {
            build(fresh);
            fresh.built().complete(null);
        } catch (RuntimeException e) {
            byMap.remove(mapName, fresh);
            fresh.built().completeExceptionally(e);
            fresh.close();
            throw e;
        }
        return fresh;
    }

    /**
     * Indexes the map's records. The index is already visible to writers, so each key is read and
     * indexed in its partition: whichever of this and a concurrent write indexes a key last saw
     * its latest state.
     */
    private void build(SearchedMap searched) {
        String mapName = searched.mapName();
        store.forEachLww(mapName, (key, ignored) -> partitions.inPartitionOf(key, () -> {
            indexLww(searched, key, store.getLww(mapName, key));
            return null;
        }));
        store.forEachOr(mapName, (key, ignored) -> partitions.inPartitionOf(key, () -> {
            index(searched, key, RecordText.of(store.getOr(mapName, key)));
            return null;
        }));
    }

    private boolean hasRecords(String mapName) {
        if (store.lwwMapNames().contains(mapName)) {
            return true;
        }
        boolean[] any = {false};
        store.forEachOr(mapName, (key, entry) -> any[0] = true);
        return any[0];
    }

    /** Whether a key an index returned still holds a live record (it may have expired since it was indexed). */
    private boolean isLive(String mapName, String key) {
        LwwRecord record = store.getLww(mapName, key);
        if (record != null) {
            return record.isLive(clock.millis());
        }
        OrMapEntry entry = store.getOr(mapName, key);
        return entry != null && !entry.records().isEmpty();
    }

    @Override
    public void lwwChanged(String mapName, String key, LwwRecord previous, LwwRecord current, ServerEvent event,
                           ClientSession origin) {
        SearchedMap searched = byMap.get(mapName);
        if (searched != null) {
            indexLww(searched, key, current);
        }
    }

    @Override
    public void orChanged(String mapName, String key, OrMapEntry previous, OrMapEntry current, ServerEvent event,
                          ClientSession origin) {
        SearchedMap searched = byMap.get(mapName);
        if (searched != null) {
            index(searched, key, RecordText.of(current));
        }
    }

    /** Indexes a key's LWW record as it is now; one with a TTL is dropped again when it runs out. Called in its partition. */
    private void indexLww(SearchedMap searched, String key, LwwRecord record) {
        if (record == null || !record.isLive(clock.millis())) {
            searched.delete(key);
            return;
        }
        index(searched, key, RecordText.of(record.value()));
        long expiresAt = record.expiresAtMillis();
        if (expiresAt != Long.MAX_VALUE) {
            // expired means strictly past expiresAt
            long delay = Math.max(0, expiresAt + 1 - clock.millis());
            expiry.schedule(() -> expire(searched, key), delay, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Indexes a key's text, with its vector when semantic search is on: a local provider embeds it
     * here, a remote one later, off the writer's thread. Called in the key's partition.
     */
    private void index(SearchedMap searched, String key, String text) {
        if (embeddings == null || text.isEmpty()) {
            searched.put(key, text, null);
        } else if (embeddings.isLocal()) {
            searched.put(key, text, embedLocally(text));
        } else {
            searched.put(key, text, null);
            if (searched.embedLater(key)) {
                passes.execute(() -> embedWaiting(searched));
            }
        }
    }

    private float[] embedLocally(String text) {
        try {
            return embeddings.embed(List.of(text)).getFirst();
        } catch (EmbeddingException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Computes the vectors of a map's waiting keys in batches, and adds each to the index only if
     * the key still holds the text that was embedded (a newer write waits for its own vector). A
     * provider that fails leaves those keys without vectors, as TopGun does; it is logged.
     */
    private void embedWaiting(SearchedMap searched) {
        String mapName = searched.mapName();
        for (List<String> keys = searched.takeToEmbed(EMBED_BATCH); !keys.isEmpty(); keys = searched.takeToEmbed(EMBED_BATCH)) {
            if (byMap.get(mapName) != searched) {
                return;
            }
            List<String> batchKeys = new ArrayList<>(keys.size());
            List<String> texts = new ArrayList<>(keys.size());
            for (String key : keys) {
                String text = currentText(mapName, key);
                if (!text.isEmpty()) {
                    batchKeys.add(key);
                    texts.add(text);
                }
            }
            if (texts.isEmpty()) {
                continue;
            }
            List<float[]> vectors;
            try {
                vectors = embeddings.embed(texts);
            } catch (EmbeddingException | RuntimeException e) {
                LOG.log(Level.WARNING, "embedding " + texts.size() + " records of map '" + mapName + "' with "
                        + embeddings.describe() + " failed; they stay without vectors: " + e.getMessage());
                continue;
            }
            for (int i = 0; i < batchKeys.size(); i++) {
                String key = batchKeys.get(i);
                String text = texts.get(i);
                float[] vector = vectors.get(i);
                partitions.inPartitionOf(key, () -> {
                    if (text.equals(currentText(mapName, key))) {
                        searched.putVector(key, text, vector);
                    }
                    return null;
                });
            }
        }
    }

    /** The text a key's current record is found by; empty when it holds none (removed, expired). */
    private String currentText(String mapName, String key) {
        LwwRecord record = store.getLww(mapName, key);
        if (record != null) {
            return record.isLive(clock.millis()) ? RecordText.of(record.value()) : "";
        }
        return RecordText.of(store.getOr(mapName, key));
    }

    /** A TTL ran out: drops the key unless a newer write made it live again. */
    private void expire(SearchedMap searched, String key) {
        if (byMap.get(searched.mapName()) != searched) {
            return;
        }
        partitions.inPartitionOf(key, () -> {
            LwwRecord record = store.getLww(searched.mapName(), key);
            if (record == null || !record.isLive(clock.millis())) {
                searched.delete(key);
            }
            return null;
        });
    }

    static List<SearchHit> wireHits(List<ScoredKey> hits) {
        List<SearchHit> wire = new ArrayList<>(hits.size());
        for (ScoredKey hit : hits) {
            // The value is left out, as TopGun does: the client holds the records it syncs.
            wire.add(new SearchHit(hit.key(), null, hit.score(), hit.matchedTerms()));
        }
        return wire;
    }

    /** Whether the map has a search index, i.e. whether its writes are being indexed. */
    public boolean isIndexed(String mapName) {
        return byMap.containsKey(mapName);
    }

    /** How many maps have a search index. */
    public int indexedMapCount() {
        return byMap.size();
    }

    /** How many live searches are open across all connections. */
    public int subscriptionCount() {
        return byConnection.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public void close() {
        expiry.shutdownNow();
        passes.shutdownNow();
        byMap.values().forEach(SearchedMap::close);
        byMap.clear();
    }
}
