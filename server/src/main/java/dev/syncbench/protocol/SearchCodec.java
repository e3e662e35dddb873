package dev.syncbench.protocol;

import static dev.syncbench.protocol.FieldProblems.require;
import static dev.syncbench.protocol.FrameWriter.present;

import dev.syncbench.crdt.RecordValue;
import java.io.IOException;
import java.util.List;

/** Full-text search: SEARCH, SEARCH_SUB, SEARCH_UNSUB, SEARCH_RESP, SEARCH_UPDATE. */
final class SearchCodec {
    private static final FieldProblems STRICT = FieldProblems.STRICT;
    private static final String PAYLOAD = "payload";
    private static final String OPTIONS = "payload.options";

    private SearchCodec() {
    }

    static Search readSearch(FrameReader in, int size) throws IOException, ProtocolException {
        String requestId = null;
        String mapName = null;
        String query = null;
        SearchOptions options = SearchOptions.DEFAULTS;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "requestId" -> requestId = in.string(STRICT, PAYLOAD, "requestId");
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "query" -> query = in.string(STRICT, PAYLOAD, "query");
                case "options" -> options = readOptions(in);
                default -> in.skip();
            }
        }
        return new Search(require(requestId, PAYLOAD, "requestId"), require(mapName, PAYLOAD, "mapName"),
                require(query, PAYLOAD, "query"), options);
    }

    static SearchSub readSearchSub(FrameReader in, int size) throws IOException, ProtocolException {
        String subscriptionId = null;
        String mapName = null;
        String query = null;
        SearchOptions options = SearchOptions.DEFAULTS;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "subscriptionId" -> subscriptionId = in.string(STRICT, PAYLOAD, "subscriptionId");
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "query" -> query = in.string(STRICT, PAYLOAD, "query");
                case "options" -> options = readOptions(in);
                default -> in.skip();
            }
        }
        return new SearchSub(require(subscriptionId, PAYLOAD, "subscriptionId"), require(mapName, PAYLOAD, "mapName"),
                require(query, PAYLOAD, "query"), options);
    }

    /**
     * {@code options}: nil or absent means the defaults. Unlike elsewhere, an unknown option is an
     * error rather than ignored, so a client asking for something this server does not do (a
     * {@code fields} restriction, say) learns so instead of getting results it did not ask for.
     */
    private static SearchOptions readOptions(FrameReader in) throws IOException, ProtocolException {
        int size = in.mapHeader(STRICT, PAYLOAD, "options");
        if (size < 0) {
            return SearchOptions.DEFAULTS;
        }
        Long limit = null;
        Double minScore = null;
        for (int i = 0; i < size; i++) {
            String key = in.key();
            switch (key) {
                case "limit" -> limit = in.optionalUint(STRICT, OPTIONS, "limit", FrameReader.U64_MAX);
                case "minScore" -> minScore = in.number(STRICT, OPTIONS, "minScore");
                case "boost" -> {
                    // accepted and ignored, as TopGun does: the index has one text field to boost
                    if (!in.nextIsMap() && !in.nextIsNil()) {
                        in.skip();
                        STRICT.wrongType(OPTIONS, "boost", "map");
                    }
                    in.skip();
                }
                default -> {
                    in.skip();
                    throw new ProtocolException("unknown field: payload.options." + key
                            + " (search options are limit, minScore and boost)");
                }
            }
        }
        return new SearchOptions(limit, minScore);
    }

    static void writeSearch(FrameWriter out, Search m) throws IOException {
        out.beginPayload(Search.TYPE, 4);
        out.field("requestId", m.requestId());
        out.field("mapName", m.mapName());
        out.field("query", m.query());
        writeOptions(out, m.options());
    }

    static void writeSearchSub(FrameWriter out, SearchSub m) throws IOException {
        out.beginPayload(SearchSub.TYPE, 4);
        out.field("subscriptionId", m.subscriptionId());
        out.field("mapName", m.mapName());
        out.field("query", m.query());
        writeOptions(out, m.options());
    }

    private static void writeOptions(FrameWriter out, SearchOptions options) throws IOException {
        out.key("options");
        out.mapHeader(present(options.limit()) + present(options.minScore()));
        out.optional("limit", options.limit());
        if (options.minScore() != null) {
            out.key("minScore");
            out.dbl(options.minScore());
        }
    }

    static SearchUnsub readSearchUnsub(FrameReader in, int size) throws IOException, ProtocolException {
        String subscriptionId = null;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("subscriptionId")) {
                subscriptionId = in.string(STRICT, PAYLOAD, "subscriptionId");
            } else {
                in.skip();
            }
        }
        return new SearchUnsub(require(subscriptionId, PAYLOAD, "subscriptionId"));
    }

    static void writeSearchUnsub(FrameWriter out, SearchUnsub m) throws IOException {
        out.beginPayload(SearchUnsub.TYPE, 1);
        out.field("subscriptionId", m.subscriptionId());
    }

    static SearchResp readSearchResp(FrameReader in, int size) throws IOException, ProtocolException {
        String requestId = null;
        List<SearchHit> results = null;
        long totalCount = FrameReader.ABSENT;
        String error = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "requestId" -> requestId = in.string(STRICT, PAYLOAD, "requestId");
                case "results" -> results = in.list(PAYLOAD, "results", SearchCodec::readHit);
                case "totalCount" -> totalCount = in.uint(STRICT, PAYLOAD, "totalCount", FrameReader.U32_MAX);
                case "error" -> error = in.string(STRICT, PAYLOAD, "error");
                default -> in.skip();
            }
        }
        return new SearchResp(require(requestId, PAYLOAD, "requestId"), require(results, PAYLOAD, "results"),
                require(totalCount, PAYLOAD, "totalCount"), error);
    }

    private static SearchHit readHit(FrameReader in, String path) throws IOException, ProtocolException {
        int size = in.requiredMapHeader(path);
        String key = null;
        RecordValue value = null;
        Double score = null;
        List<String> matchedTerms = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "key" -> key = in.string(STRICT, path, "key");
                case "value" -> value = in.rawOrNull(STRICT, path, "value");
                case "score" -> score = in.number(STRICT, path, "score");
                case "matchedTerms" -> matchedTerms = in.stringList(STRICT, path, "matchedTerms");
                default -> in.skip();
            }
        }
        return new SearchHit(require(key, path, "key"), value, require(score, path, "score"),
                require(matchedTerms, path, "matchedTerms"));
    }

    static void writeSearchResp(FrameWriter out, SearchResp m) throws IOException {
        out.beginPayload(SearchResp.TYPE, 3 + present(m.error()));
        out.field("requestId", m.requestId());
        out.key("results");
        out.arrayHeader(m.results().size());
        for (SearchHit hit : m.results()) {
            out.mapHeader(4);
            out.field("key", hit.key());
            out.key("value");
            out.raw(hit.value());
            out.key("score");
            out.dbl(hit.score());
            out.key("matchedTerms");
            QueryCodec.writeStrings(out, hit.matchedTerms());
        }
        out.field("totalCount", m.totalCount());
        out.optional("error", m.error());
    }

    static SearchUpdate readSearchUpdate(FrameReader in, int size) throws IOException, ProtocolException {
        String subscriptionId = null;
        String key = null;
        RecordValue value = null;
        Double score = null;
        List<String> matchedTerms = null;
        String changeType = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "subscriptionId" -> subscriptionId = in.string(STRICT, PAYLOAD, "subscriptionId");
                case "key" -> key = in.string(STRICT, PAYLOAD, "key");
                case "value" -> value = in.rawOrNull(STRICT, PAYLOAD, "value");
                case "score" -> score = in.number(STRICT, PAYLOAD, "score");
                case "matchedTerms" -> matchedTerms = in.stringList(STRICT, PAYLOAD, "matchedTerms");
                case "changeType" -> changeType = in.string(STRICT, PAYLOAD, "changeType");
                default -> in.skip();
            }
        }
        return new SearchUpdate(require(subscriptionId, PAYLOAD, "subscriptionId"), require(key, PAYLOAD, "key"),
                value, require(score, PAYLOAD, "score"), require(matchedTerms, PAYLOAD, "matchedTerms"),
                require(changeType, PAYLOAD, "changeType"));
    }

    static void writeSearchUpdate(FrameWriter out, SearchUpdate m) throws IOException {
        out.beginPayload(SearchUpdate.TYPE, 6);
        out.field("subscriptionId", m.subscriptionId());
        out.field("key", m.key());
        out.key("value");
        out.raw(m.value());
        out.key("score");
        out.dbl(m.score());
        out.key("matchedTerms");
        QueryCodec.writeStrings(out, m.matchedTerms());
        out.field("changeType", m.changeType());
    }
}
