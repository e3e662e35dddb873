package dev.syncbench.service;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.HybridHit;
import dev.syncbench.protocol.HybridSearch;
import dev.syncbench.protocol.HybridSearchResp;
import dev.syncbench.protocol.HybridSearchSub;
import dev.syncbench.protocol.HybridSearchUnsub;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.VectorBytes;
import dev.syncbench.protocol.VectorHit;
import dev.syncbench.protocol.VectorSearch;
import dev.syncbench.protocol.VectorSearchOptions;
import dev.syncbench.protocol.VectorSearchResp;
import dev.syncbench.query.InvalidQueryException;
import dev.syncbench.query.Predicate;
import dev.syncbench.search.EmbeddingException;
import dev.syncbench.search.EmbeddingProvider;
import dev.syncbench.search.InvalidSearchException;
import dev.syncbench.search.RankFusion;
import dev.syncbench.search.ScoredKey;
import dev.syncbench.search.SearchQuery;
import dev.syncbench.search.VectorMatch;
import dev.syncbench.search.Vectors;
import dev.syncbench.store.RecordStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.msgpack.value.Value;

/**
 * HYBRID_SEARCH and VECTOR_SEARCH (PROTOCOL.md §11): the exact leg evaluates a predicate over the
 * map's live LWW records, the full-text leg is {@link SearchService}'s search, the semantic leg
 * asks the map's HNSW graph for the nearest vectors; hybrid results are fused by reciprocal rank.
 *
 * <p>Requests the server cannot run as written get ERROR 400; the failures TopGun reports inside
 * the response (a bad query vector, no embedding provider, a provider that failed) come back the
 * same way, as the response's {@code error} with no results, never as a silently empty success.
 */
public final class HybridSearchService {
    static final String EXACT = "exact";
    static final String FULL_TEXT = "fullText";
    static final String SEMANTIC = "semantic";
    private static final Set<String> METHODS = Set.of(EXACT, FULL_TEXT, SEMANTIC);
    static final int MAX_K = 1000;
    /** The full-text leg takes the default SEARCH limit, as TopGun's does. */
    private static final int FULL_TEXT_LEG = SearchService.DEFAULT_LIMIT;
    private static final int MAX_EF_SEARCH = 10_000;
    static final String NO_PROVIDER = "no embedding provider configured for semantic search";
    static final String VECTOR_INDEX = "_embedding";

    private final SearchService text;
    private final RecordStore store;
    private final Clock clock;
    private final MessageCodec codec;

    public HybridSearchService(SearchService text, RecordStore store, Clock clock, MessageCodec codec) {
        this.codec = codec;
        this.text = text;
        this.store = store;
        this.clock = clock;
    }

    /** A hybrid request's validated parts; null parts are legs that take no part. */
    record Plan(Predicate predicate, SearchQuery query, boolean semantic, int k, double minScore) {
    }

    public void hybrid(ClientSession session, HybridSearch request) {
        long started = System.nanoTime();
        Plan plan = plan(session, request, "requestId");
        if (plan == null) {
            return;
        }
        float[] target;
        try {
            target = plan.semantic() ? semanticTarget(request) : null;
        } catch (SemanticFailure e) {
            session.send(new HybridSearchResp(request.requestId(), List.of(), elapsedMs(started), e.getMessage()));
            return;
        }
        // the exact leg reads the store: only the other legs need the map's index
        SearchedMap searched = plan.query() != null || target != null ? text.indexed(request.mapName()) : null;
        List<HybridHit> hits = run(request, plan, target, searched);
        session.send(new HybridSearchResp(request.requestId(), hits, elapsedMs(started), null));
    }

    /**
     * HYBRID_SEARCH_SUB: the first result as a HYBRID_SEARCH_RESP named by the subscription id, then
     * HYBRID_SEARCH_UPDATEs as writes change the result. A request that cannot run gets its error
     * and is not registered (TopGun answers empty results without the error, and registers it).
     */
    public void subscribe(ClientSession session, HybridSearchSub message) {
        HybridSearch request = message.search();
        Plan plan = plan(session, request, "subscriptionId");
        if (plan == null) {
            return;
        }
        float[] target;
        try {
            target = plan.semantic() ? semanticTarget(request) : null;
        } catch (SemanticFailure e) {
            session.send(new HybridSearchResp(request.requestId(), List.of(), 0, e.getMessage()));
            return;
        }
        text.register(session, SearchService.HYBRID, new HybridSubscription(session, request.requestId(),
                request.mapName(), searched -> run(request, plan, target, searched), codec));
    }

    /** HYBRID_SEARCH_UNSUB: no reply; an unknown id is ignored. */
    public void unsubscribe(ClientSession session, HybridSearchUnsub request) {
        text.unregister(session, SearchService.HYBRID, request.subscriptionId());
    }

    /** The fused results of a planned request; {@code searched} null means the map has no index (no text or semantic hits). */
    private List<HybridHit> run(HybridSearch request, Plan plan, float[] target, SearchedMap searched) {
        Map<String, List<RankFusion.Ranked>> legs = new LinkedHashMap<>();
        if (plan.predicate() != null) {
            legs.put(EXACT, exactLeg(request.mapName(), plan.predicate()));
        }
        if (plan.query() != null && searched != null) {
            List<RankFusion.Ranked> ranked = new ArrayList<>();
            List<ScoredKey> hits = searched.search(plan.query(), FULL_TEXT_LEG, 0.0);
            for (int i = 0; i < hits.size(); i++) {
                ranked.add(new RankFusion.Ranked(hits.get(i).key(), i + 1, hits.get(i).score()));
            }
            legs.put(FULL_TEXT, ranked);
        }
        if (target != null && searched != null) {
            List<RankFusion.Ranked> ranked = new ArrayList<>();
            List<VectorMatch> nearest = searched.nearest(target, plan.k(), false);
            for (int i = 0; i < nearest.size(); i++) {
                // TopGun reports the raw cosine distance here: lower is nearer
                ranked.add(new RankFusion.Ranked(nearest.get(i).key(), i + 1, 1.0 - nearest.get(i).cosine()));
            }
            legs.put(SEMANTIC, ranked);
        }
        boolean includeValue = request.includeValue() == null || request.includeValue();
        List<HybridHit> hits = new ArrayList<>();
        for (RankFusion.Fused fused : RankFusion.fuse(legs, plan.k())) {
            if (fused.score() >= plan.minScore()) {
                RecordValue value = includeValue ? liveValue(request.mapName(), fused.key()) : null;
                hits.add(new HybridHit(fused.key(), fused.score(), fused.methodScores(), value));
            }
        }
        return hits;
    }

    /** Checks what a client can fix by rewriting its request; answers ERROR 400 and returns null if something is wrong. */
    private Plan plan(ClientSession session, HybridSearch request, String idField) {
        String problem = null;
        Predicate predicate = null;
        SearchQuery query = null;
        if (request.methods().isEmpty()) {
            problem = "methods is empty: ask for one or more of " + List.of(EXACT, FULL_TEXT, SEMANTIC);
        } else if (!METHODS.containsAll(request.methods())) {
            problem = "methods " + request.methods() + " holds an unknown method: they are " + List.of(EXACT, FULL_TEXT, SEMANTIC);
        } else if (request.k() < 1 || request.k() > MAX_K) {
            problem = "k must be between 1 and " + MAX_K + ", got " + request.k();
        } else if (request.minScore() != null && !Double.isFinite(request.minScore())) {
            problem = "minScore must be a finite number, got " + request.minScore();
        } else {
            try {
                if (request.methods().contains(EXACT) && request.predicate() != null) {
                    predicate = Predicate.parse(request.predicate());
                }
                if (request.methods().contains(FULL_TEXT) && !request.queryText().isBlank()) {
                    query = SearchQuery.parse(request.queryText());
                }
            } catch (InvalidQueryException | InvalidSearchException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            session.send(new ErrorMessage(400, problem,
                    SearchSubscription.details(idField, request.requestId(), request.mapName())));
            return null;
        }
        return new Plan(predicate, query, request.methods().contains(SEMANTIC), (int) request.k(),
                request.minScore() == null ? 0.0 : request.minScore());
    }

    /** A semantic leg that cannot run; its message is the response's error. */
    private static final class SemanticFailure extends Exception {
        SemanticFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The vector the semantic leg searches with: the client's, else the provider's embedding of the
     * query text; null when neither is given (the leg is then empty, as TopGun's).
     */
    private float[] semanticTarget(HybridSearch request) throws SemanticFailure {
        EmbeddingProvider embeddings = text.embeddings();
        if (request.queryVector() != null) {
            return checkedVector(request.queryVector(), embeddings, false);
        }
        if (embeddings == null) {
            throw new SemanticFailure(NO_PROVIDER);
        }
        if (request.queryText().isBlank()) {
            return null;
        }
        try {
            return embeddings.embed(List.of(request.queryText())).getFirst();
        } catch (EmbeddingException | RuntimeException e) {
            throw new SemanticFailure("embedding failed: " + e.getMessage());
        }
    }

    /** A client's query vector as floats, in the exact words of reference §2.3 and §2.5 when it is not one. */
    private static float[] checkedVector(VectorBytes bytes, EmbeddingProvider embeddings, boolean withLength)
            throws SemanticFailure {
        int length = bytes.bytes().length;
        if (length % 4 != 0) {
            throw new SemanticFailure(withLength ? "query_vector length " + length + " is not a multiple of 4"
                    : "query_vector length is not a multiple of 4");
        }
        if (embeddings != null && length != embeddings.dimension() * 4) {
            throw new SemanticFailure("query_vector length " + length + " does not match expected dimension "
                    + embeddings.dimension() + " (" + embeddings.dimension() * 4 + " bytes)");
        }
        float[] vector = Vectors.fromBytes(bytes.bytes());
        if (!Vectors.usable(vector)) {
            throw new SemanticFailure("query_vector must hold finite numbers, not all of them zero");
        }
        return vector;
    }

    /** Every live LWW record the predicate accepts, all at rank 1 (an exact match has no order). */
    private List<RankFusion.Ranked> exactLeg(String mapName, Predicate predicate) {
        List<RankFusion.Ranked> matches = new ArrayList<>();
        long now = clock.millis();
        store.forEachLww(mapName, (key, record) -> {
            Value value = record.isLive(now) ? readable(record.value()) : null;
            if (value != null && predicate.test(value)) {
                matches.add(new RankFusion.Ranked(key, 1, 1.0));
            }
        });
        return matches;
    }

    public void vector(ClientSession session, VectorSearch request) {
        long started = System.nanoTime();
        VectorSearchOptions options = request.options();
        Predicate filter = null;
        String problem = null;
        if (request.k() < 1 || request.k() > MAX_K) {
            problem = "k must be between 1 and " + MAX_K + ", got " + request.k();
        } else if (request.efSearch() != null && (request.efSearch() < 1 || request.efSearch() > MAX_EF_SEARCH)) {
            problem = "efSearch must be between 1 and " + MAX_EF_SEARCH + ", got " + request.efSearch();
        } else if (options.minScore() != null && !Double.isFinite(options.minScore())) {
            problem = "options.minScore must be a finite number, got " + options.minScore();
        } else if (options.filter() != null) {
            try {
                filter = Predicate.parse(options.filter());
            } catch (InvalidQueryException e) {
                problem = "options.filter: " + e.getMessage();
            }
        }
        if (problem != null) {
            session.send(new ErrorMessage(400, problem, SearchSubscription.details("id", request.id(), request.mapName())));
            return;
        }
        EmbeddingProvider embeddings = text.embeddings();
        float[] target;
        try {
            if (embeddings == null) {
                // vectors come from the provider: without one, no map has any
                throw new SemanticFailure("no vector index on map " + request.mapName());
            }
            if (request.indexName() != null && !request.indexName().equals(VECTOR_INDEX)) {
                throw new SemanticFailure("attribute " + request.indexName() + " is not a vector index");
            }
            target = checkedVector(request.queryVector(), embeddings, true);
        } catch (SemanticFailure e) {
            session.send(new VectorSearchResp(request.id(), List.of(), 0, elapsedMs(started), e.getMessage()));
            return;
        }
        int k = (int) request.k();
        int ef = (int) Math.max(request.efSearch() == null ? 2L * k : request.efSearch(), k);
        SearchedMap searched = text.indexed(request.mapName());
        boolean includeVectors = Boolean.TRUE.equals(options.includeVectors());
        List<VectorMatch> candidates = searched == null ? List.of() : searched.nearest(target, Math.max(4 * k, ef), includeVectors);
        boolean includeValue = options.includeValue() == null || options.includeValue();
        double minScore = options.minScore() == null ? Double.NEGATIVE_INFINITY : options.minScore();
        List<VectorHit> hits = new ArrayList<>();
        for (VectorMatch match : candidates) {
            if (match.cosine() < minScore) {
                continue;
            }
            RecordValue value = liveValue(request.mapName(), match.key());
            if (filter != null) {
                Value tree = value == null ? null : readable(value);
                if (tree == null || !filter.test(tree)) {
                    continue;
                }
            }
            hits.add(new VectorHit(match.key(), match.cosine(), includeValue ? value : null,
                    match.vector() == null ? null : new VectorBytes(Vectors.toBytes(match.vector()))));
        }
        hits.sort(Comparator.comparingDouble(VectorHit::score).reversed());
        List<VectorHit> cut = hits.size() > k ? List.copyOf(hits.subList(0, k)) : hits;
        session.send(new VectorSearchResp(request.id(), cut, candidates.size(), elapsedMs(started), null));
    }

    private RecordValue liveValue(String mapName, String key) {
        LwwRecord record = store.getLww(mapName, key);
        return record != null && record.isLive(clock.millis()) ? record.value() : null;
    }

    /** A value as data, or null when its bytes cannot be read as data: it then matches no predicate. */
    private static Value readable(RecordValue value) {
        try {
            return value.toValue();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long elapsedMs(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
