package dev.syncbench.protocol;

import static dev.syncbench.protocol.FieldProblems.require;
import static dev.syncbench.protocol.FrameWriter.present;

import dev.syncbench.crdt.RecordValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.value.Value;

/** Hybrid and vector search: HYBRID_SEARCH, HYBRID_SEARCH_RESP, VECTOR_SEARCH, VECTOR_SEARCH_RESP. */
final class VectorSearchCodec {
    private static final FieldProblems STRICT = FieldProblems.STRICT;
    private static final String PAYLOAD = "payload";
    private static final String OPTIONS = "payload.options";

    private VectorSearchCodec() {
    }

    static HybridSearch readHybridSearch(FrameReader in, int size) throws IOException, ProtocolException {
        return readHybrid(in, size, "requestId");
    }

    static HybridSearchSub readHybridSearchSub(FrameReader in, int size) throws IOException, ProtocolException {
        return new HybridSearchSub(readHybrid(in, size, "subscriptionId"));
    }

    /** HYBRID_SEARCH's fields, its id under {@code idField}. */
    private static HybridSearch readHybrid(FrameReader in, int size, String idField) throws IOException, ProtocolException {
        String requestId = null;
        String mapName = null;
        String queryText = null;
        List<String> methods = null;
        long k = FrameReader.ABSENT;
        VectorBytes queryVector = null;
        Value predicate = null;
        Boolean includeValue = null;
        Double minScore = null;
        for (int i = 0; i < size; i++) {
            String key = in.key();
            if (key.equals(idField)) {
                requestId = in.string(STRICT, PAYLOAD, idField);
                continue;
            }
            switch (key) {
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "queryText" -> queryText = in.string(STRICT, PAYLOAD, "queryText");
                case "methods" -> methods = in.stringList(STRICT, PAYLOAD, "methods");
                case "k" -> k = in.uint(STRICT, PAYLOAD, "k", FrameReader.U64_MAX);
                case "queryVector" -> queryVector = vector(in, PAYLOAD, "queryVector");
                case "predicate" -> predicate = map(in, PAYLOAD, "predicate");
                case "includeValue" -> includeValue = in.bool(STRICT, PAYLOAD, "includeValue");
                case "minScore" -> minScore = in.number(STRICT, PAYLOAD, "minScore");
                default -> in.skip();
            }
        }
        return new HybridSearch(require(requestId, PAYLOAD, idField), require(mapName, PAYLOAD, "mapName"),
                require(queryText, PAYLOAD, "queryText"), require(methods, PAYLOAD, "methods"),
                require(k, PAYLOAD, "k"), queryVector, predicate, includeValue, minScore);
    }

    /**
     * A vector: a bin of little-endian float32 values, as TopGun's client sends it, or (ours) an
     * array of numbers, which load tools and tests find easier to write.
     */
    private static VectorBytes vector(FrameReader in, String prefix, String name) throws IOException, ProtocolException {
        if (in.nextIsArray()) {
            int count = in.arrayHeader(STRICT, prefix, name);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(count * 4);
            for (int i = 0; i < count; i++) {
                Double number = in.number(STRICT, FieldProblems.element(prefix, name, i), "");
                if (number == null) {
                    STRICT.wrongType(FieldProblems.element(prefix, name, i), "", "number");
                }
                int bits = Float.floatToRawIntBits(number.floatValue());
                bytes.write(bits);
                bytes.write(bits >>> 8);
                bytes.write(bits >>> 16);
                bytes.write(bits >>> 24);
            }
            return new VectorBytes(bytes.toByteArray());
        }
        byte[] bin = in.binary(STRICT, prefix, name);
        return bin == null ? null : new VectorBytes(bin);
    }

    private static Value map(FrameReader in, String prefix, String name) throws IOException, ProtocolException {
        if (in.nextIsMap()) {
            return in.value();
        }
        if (in.nextIsNil()) {
            in.nil();
        } else {
            in.skip();
            STRICT.wrongType(prefix, name, "map");
        }
        return null;
    }

    static void writeHybridSearch(FrameWriter out, HybridSearch m) throws IOException {
        writeHybrid(out, HybridSearch.TYPE, "requestId", m);
    }

    static void writeHybridSearchSub(FrameWriter out, HybridSearchSub m) throws IOException {
        writeHybrid(out, HybridSearchSub.TYPE, "subscriptionId", m.search());
    }

    private static void writeHybrid(FrameWriter out, String type, String idField, HybridSearch m) throws IOException {
        out.beginPayload(type, 5 + present(m.queryVector()) + present(m.predicate())
                + present(m.includeValue()) + present(m.minScore()));
        out.field(idField, m.requestId());
        out.field("mapName", m.mapName());
        out.field("queryText", m.queryText());
        out.key("methods");
        QueryCodec.writeStrings(out, m.methods());
        out.field("k", m.k());
        if (m.queryVector() != null) {
            out.key("queryVector");
            out.binary(m.queryVector().bytes());
        }
        if (m.predicate() != null) {
            out.key("predicate");
            out.value(m.predicate());
        }
        out.optional("includeValue", m.includeValue());
        optional(out, "minScore", m.minScore());
    }

    static HybridSearchUnsub readHybridSearchUnsub(FrameReader in, int size) throws IOException, ProtocolException {
        String subscriptionId = null;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("subscriptionId")) {
                subscriptionId = in.string(STRICT, PAYLOAD, "subscriptionId");
            } else {
                in.skip();
            }
        }
        return new HybridSearchUnsub(require(subscriptionId, PAYLOAD, "subscriptionId"));
    }

    static void writeHybridSearchUnsub(FrameWriter out, HybridSearchUnsub m) throws IOException {
        out.beginPayload(HybridSearchUnsub.TYPE, 1);
        out.field("subscriptionId", m.subscriptionId());
    }

    static HybridSearchUpdate readHybridSearchUpdate(FrameReader in, int size) throws IOException, ProtocolException {
        String subscriptionId = null;
        String changeType = null;
        Map<String, Double> methodScores = null;
        String key = null;
        Double score = null;
        RecordValue value = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "subscriptionId" -> subscriptionId = in.string(STRICT, PAYLOAD, "subscriptionId");
                case "changeType" -> changeType = in.string(STRICT, PAYLOAD, "changeType");
                case "key" -> key = in.string(STRICT, PAYLOAD, "key");
                case "score" -> score = in.number(STRICT, PAYLOAD, "score");
                case "methodScores" -> methodScores = methodScores(in, PAYLOAD);
                case "value" -> value = in.rawOrNull(STRICT, PAYLOAD, "value");
                default -> in.skip();
            }
        }
        return new HybridSearchUpdate(require(subscriptionId, PAYLOAD, "subscriptionId"), require(key, PAYLOAD, "key"),
                require(score, PAYLOAD, "score"), require(methodScores, PAYLOAD, "methodScores"), value,
                require(changeType, PAYLOAD, "changeType"));
    }

    static void writeHybridSearchUpdate(FrameWriter out, HybridSearchUpdate m) throws IOException {
        out.beginPayload(HybridSearchUpdate.TYPE, 5 + present(m.value()));
        out.field("subscriptionId", m.subscriptionId());
        out.field("key", m.key());
        out.key("score");
        out.dbl(m.score());
        writeMethodScores(out, m.methodScores());
        if (m.value() != null) {
            out.key("value");
            out.raw(m.value());
        }
        out.field("changeType", m.changeType());
    }

    private static Map<String, Double> methodScores(FrameReader in, String path) throws IOException, ProtocolException {
        int count = in.mapHeader(STRICT, path, "methodScores");
        if (count < 0) {
            return null;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        String scoresPath = FieldProblems.path(path, "methodScores");
        for (int j = 0; j < count; j++) {
            String method = in.key();
            scores.put(method, require(in.number(STRICT, scoresPath, method), scoresPath, method));
        }
        return scores;
    }

    private static void writeMethodScores(FrameWriter out, Map<String, Double> scores) throws IOException {
        out.key("methodScores");
        out.mapHeader(scores.size());
        for (Map.Entry<String, Double> entry : scores.entrySet()) {
            out.key(entry.getKey());
            out.dbl(entry.getValue());
        }
    }

    static HybridSearchResp readHybridSearchResp(FrameReader in, int size) throws IOException, ProtocolException {
        String requestId = null;
        List<HybridHit> results = null;
        long searchTimeMs = FrameReader.ABSENT;
        String error = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "requestId" -> requestId = in.string(STRICT, PAYLOAD, "requestId");
                case "results" -> results = in.list(PAYLOAD, "results", VectorSearchCodec::readHybridHit);
                case "searchTimeMs" -> searchTimeMs = in.uint(STRICT, PAYLOAD, "searchTimeMs", FrameReader.U64_MAX);
                case "error" -> error = in.string(STRICT, PAYLOAD, "error");
                default -> in.skip();
            }
        }
        return new HybridSearchResp(require(requestId, PAYLOAD, "requestId"), require(results, PAYLOAD, "results"),
                require(searchTimeMs, PAYLOAD, "searchTimeMs"), error);
    }

    private static HybridHit readHybridHit(FrameReader in, String path) throws IOException, ProtocolException {
        int size = in.requiredMapHeader(path);
        String key = null;
        Double score = null;
        Map<String, Double> methodScores = null;
        RecordValue value = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "key" -> key = in.string(STRICT, path, "key");
                case "score" -> score = in.number(STRICT, path, "score");
                case "methodScores" -> methodScores = methodScores(in, path);
                case "value" -> value = in.rawOrNull(STRICT, path, "value");
                default -> in.skip();
            }
        }
        return new HybridHit(require(key, path, "key"), require(score, path, "score"),
                require(methodScores, path, "methodScores"), value);
    }

    static void writeHybridSearchResp(FrameWriter out, HybridSearchResp m) throws IOException {
        out.beginPayload(HybridSearchResp.TYPE, 3 + present(m.error()));
        out.field("requestId", m.requestId());
        out.key("results");
        out.arrayHeader(m.results().size());
        for (HybridHit hit : m.results()) {
            out.mapHeader(3 + present(hit.value()));
            out.field("key", hit.key());
            out.key("score");
            out.dbl(hit.score());
            writeMethodScores(out, hit.methodScores());
            if (hit.value() != null) {
                out.key("value");
                out.raw(hit.value());
            }
        }
        out.field("searchTimeMs", m.searchTimeMs());
        out.optional("error", m.error());
    }

    static VectorSearch readVectorSearch(FrameReader in, int size) throws IOException, ProtocolException {
        String id = null;
        String mapName = null;
        String indexName = null;
        VectorBytes queryVector = null;
        long k = FrameReader.ABSENT;
        Long efSearch = null;
        VectorSearchOptions options = VectorSearchOptions.DEFAULTS;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "id" -> id = in.string(STRICT, PAYLOAD, "id");
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "indexName" -> indexName = in.string(STRICT, PAYLOAD, "indexName");
                case "queryVector" -> queryVector = vector(in, PAYLOAD, "queryVector");
                case "k" -> k = in.uint(STRICT, PAYLOAD, "k", FrameReader.U64_MAX);
                case "efSearch" -> efSearch = in.optionalUint(STRICT, PAYLOAD, "efSearch", FrameReader.U64_MAX);
                case "options" -> options = readVectorOptions(in);
                default -> in.skip();
            }
        }
        return new VectorSearch(require(id, PAYLOAD, "id"), require(mapName, PAYLOAD, "mapName"), indexName,
                require(queryVector, PAYLOAD, "queryVector"), require(k, PAYLOAD, "k"), efSearch, options);
    }

    private static VectorSearchOptions readVectorOptions(FrameReader in) throws IOException, ProtocolException {
        int size = in.mapHeader(STRICT, PAYLOAD, "options");
        if (size < 0) {
            return VectorSearchOptions.DEFAULTS;
        }
        Boolean includeValue = null;
        Boolean includeVectors = null;
        Double minScore = null;
        Value filter = null;
        for (int i = 0; i < size; i++) {
            String key = in.key();
            switch (key) {
                case "includeValue" -> includeValue = in.bool(STRICT, OPTIONS, "includeValue");
                case "includeVectors" -> includeVectors = in.bool(STRICT, OPTIONS, "includeVectors");
                case "minScore" -> minScore = in.number(STRICT, OPTIONS, "minScore");
                case "filter" -> filter = map(in, OPTIONS, "filter");
                default -> {
                    in.skip();
                    throw new ProtocolException("unknown field: payload.options." + key
                            + " (vector search options are includeValue, includeVectors, minScore and filter)");
                }
            }
        }
        return new VectorSearchOptions(includeValue, includeVectors, minScore, filter);
    }

    static void writeVectorSearch(FrameWriter out, VectorSearch m) throws IOException {
        VectorSearchOptions o = m.options();
        out.beginPayload(VectorSearch.TYPE, 5 + present(m.indexName()) + present(m.efSearch()));
        out.field("id", m.id());
        out.field("mapName", m.mapName());
        out.optional("indexName", m.indexName());
        out.key("queryVector");
        out.binary(m.queryVector().bytes());
        out.field("k", m.k());
        out.optional("efSearch", m.efSearch());
        out.key("options");
        out.mapHeader(present(o.includeValue()) + present(o.includeVectors()) + present(o.minScore()) + present(o.filter()));
        out.optional("includeValue", o.includeValue());
        out.optional("includeVectors", o.includeVectors());
        optional(out, "minScore", o.minScore());
        if (o.filter() != null) {
            out.key("filter");
            out.value(o.filter());
        }
    }

    static VectorSearchResp readVectorSearchResp(FrameReader in, int size) throws IOException, ProtocolException {
        String id = null;
        List<VectorHit> results = null;
        long totalCandidates = FrameReader.ABSENT;
        long searchTimeMs = FrameReader.ABSENT;
        String error = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "id" -> id = in.string(STRICT, PAYLOAD, "id");
                case "results" -> results = in.list(PAYLOAD, "results", VectorSearchCodec::readVectorHit);
                case "totalCandidates" -> totalCandidates = in.uint(STRICT, PAYLOAD, "totalCandidates", FrameReader.U32_MAX);
                case "searchTimeMs" -> searchTimeMs = in.uint(STRICT, PAYLOAD, "searchTimeMs", FrameReader.U64_MAX);
                case "error" -> error = in.string(STRICT, PAYLOAD, "error");
                default -> in.skip();
            }
        }
        return new VectorSearchResp(require(id, PAYLOAD, "id"), require(results, PAYLOAD, "results"),
                require(totalCandidates, PAYLOAD, "totalCandidates"), require(searchTimeMs, PAYLOAD, "searchTimeMs"), error);
    }

    private static VectorHit readVectorHit(FrameReader in, String path) throws IOException, ProtocolException {
        int size = in.requiredMapHeader(path);
        String key = null;
        Double score = null;
        RecordValue value = null;
        VectorBytes vector = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "key" -> key = in.string(STRICT, path, "key");
                case "score" -> score = in.number(STRICT, path, "score");
                case "value" -> value = in.rawOrNull(STRICT, path, "value");
                case "vector" -> vector = vector(in, path, "vector");
                default -> in.skip();
            }
        }
        return new VectorHit(require(key, path, "key"), require(score, path, "score"), value, vector);
    }

    static void writeVectorSearchResp(FrameWriter out, VectorSearchResp m) throws IOException {
        out.beginPayload(VectorSearchResp.TYPE, 4 + present(m.error()));
        out.field("id", m.id());
        out.key("results");
        out.arrayHeader(m.results().size());
        for (VectorHit hit : m.results()) {
            out.mapHeader(2 + present(hit.value()) + present(hit.vector()));
            out.field("key", hit.key());
            out.key("score");
            out.dbl(hit.score());
            if (hit.value() != null) {
                out.key("value");
                out.raw(hit.value());
            }
            if (hit.vector() != null) {
                out.key("vector");
                out.binary(hit.vector().bytes());
            }
        }
        out.field("totalCandidates", m.totalCandidates());
        out.field("searchTimeMs", m.searchTimeMs());
        out.optional("error", m.error());
    }

    private static void optional(FrameWriter out, String key, Double value) throws IOException {
        if (value != null) {
            out.key(key);
            out.dbl(value);
        }
    }
}
