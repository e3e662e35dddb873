package dev.syncbench.e2e;

import static dev.syncbench.e2e.QueryE2ETest.remove;
import static dev.syncbench.e2e.QueryE2ETest.write;
import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.search.DeterministicEmbedding;
import dev.syncbench.search.Vectors;
import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.value.Value;

/** HYBRID_SEARCH and VECTOR_SEARCH over real WebSockets, with the deterministic embedding provider (PROTOCOL.md §11). */
class HybridSearchE2ETest {
    private static final int DIMENSION = 64;
    private static final String MAP = "h-docs";
    private static final DeterministicEmbedding EMBEDDING = new DeterministicEmbedding(DIMENSION);
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(b -> b.embedding("deterministic", DIMENSION, null, null, null));
    private static TestClient client;

    @BeforeAll
    static void seed() {
        client = TestClient.authenticated(server.port(), "hybrid");
        write(client, MAP, "d1", map("title", "Rust database engine", "kind", "db"));
        write(client, MAP, "d2", map("title", "Tomato soup recipe", "kind", "food"));
        write(client, MAP, "d3", map("title", "Postgres database tuning", "kind", "db"));
        write(client, MAP, "d4", map("title", "Rust web server", "kind", "web"));
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    static Value hybridMessage(Object... payload) {
        return map("type", "HYBRID_SEARCH", "payload", map(payload));
    }

    static Value hybrid(Object... payload) {
        client.send(hybridMessage(payload));
        return client.expect("HYBRID_SEARCH_RESP");
    }

    static Value vectorSearch(Object... payload) {
        client.send(map("type", "VECTOR_SEARCH", "payload", map(payload)));
        return client.expect("VECTOR_SEARCH_RESP");
    }

    static List<Value> results(Value resp) {
        return Msg.get(resp, "payload.results").asArrayValue().list();
    }

    static List<String> keys(Value resp) {
        return results(resp).stream().map(hit -> Msg.str(hit, "key")).toList();
    }

    static double number(Value hit, String path) {
        Value v = Msg.get(hit, path);
        return v.isFloatValue() ? v.asFloatValue().toDouble() : v.asIntegerValue().toLong();
    }

    static Value hit(Value resp, String key) {
        return results(resp).stream().filter(h -> key.equals(Msg.str(h, "key"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " in " + resp));
    }

    static byte[] vectorOf(String text) {
        return Vectors.toBytes(EMBEDDING.embed(text));
    }

    static Value kindIs(String kind) {
        return map("op", "eq", "attribute", "kind", "value", kind);
    }

    @Test
    void theFusedScoreIsTheSumOfReciprocalRanks() {
        client.send(map("type", "SEARCH", "payload", map("requestId", "s", "mapName", MAP, "query", "rust")));
        List<String> textRanks = SearchE2ETest.keys(client.expect("SEARCH_RESP"));
        int d1TextRank = textRanks.indexOf("d1") + 1;

        Value resp = hybrid("requestId", "h1", "mapName", MAP, "queryText", "rust", "methods", list("exact", "fullText"),
                "k", 10, "predicate", kindIs("db"));
        assertNull(Msg.get(resp, "payload.error"));
        assertEquals("h1", Msg.str(resp, "payload.requestId"));
        assertEquals("d1", keys(resp).getFirst(), "in both legs, so first");
        assertEquals(1.0 / 61 + 1.0 / (60 + d1TextRank), number(hit(resp, "d1"), "score"), 1e-12);
        assertEquals(1.0, number(hit(resp, "d1"), "methodScores.exact"));
        assertTrue(number(hit(resp, "d1"), "methodScores.fullText") > 0, "the BM25 score");
        assertEquals(1.0 / 61, number(hit(resp, "d3"), "score"), 1e-12, "an exact-only match");
        assertEquals(List.of("exact"), Msg.get(hit(resp, "d3"), "methodScores").asMapValue().map().keySet().stream()
                .map(k -> k.asStringValue().asString()).toList());
        assertEquals(Msg.get(resp, "payload.results").asArrayValue().size(), 3, "d1, d3 (exact) and d4 (text)");
        assertTrue(Msg.get(resp, "payload.searchTimeMs").isIntegerValue());
    }

    @Test
    void theSemanticLegRanksRecordsSharingWordsWithTheQueryFirst() {
        Value resp = hybrid("requestId", "h2", "mapName", MAP, "queryText", "tomato soup", "methods", list("semantic"), "k", 4);
        assertEquals("d2", keys(resp).getFirst());
        List<Value> hits = results(resp);
        assertTrue(number(hits.get(0), "methodScores.semantic") < number(hits.get(1), "methodScores.semantic"),
                "the semantic score is a cosine distance: lower is nearer");
        assertEquals(1.0 / 61, number(hits.getFirst(), "score"), 1e-12);
    }

    @Test
    void aClientsQueryVectorIsSearchedWithAsIs() {
        Value resp = hybrid("requestId", "h3", "mapName", MAP, "queryText", "", "methods", list("semantic"), "k", 2,
                "queryVector", vectorOf("Postgres database tuning db"));
        assertEquals("d3", keys(resp).getFirst());
        assertEquals(0.0, number(results(resp).getFirst(), "methodScores.semantic"), 1e-5, "the same text: distance 0");
    }

    @Test
    void valuesComeWithResultsUnlessIncludeValueIsFalse() {
        Value with = hybrid("requestId", "h4", "mapName", MAP, "queryText", "", "methods", list("exact"), "k", 5,
                "predicate", kindIs("food"));
        assertEquals(map("title", "Tomato soup recipe", "kind", "food"), Msg.get(results(with).getFirst(), "value"));
        Value without = hybrid("requestId", "h5", "mapName", MAP, "queryText", "", "methods", list("exact"), "k", 5,
                "predicate", kindIs("food"), "includeValue", false);
        assertNull(Msg.get(results(without).getFirst(), "value"));
    }

    @Test
    void kCutsTiesInKeyOrderAndMinScoreFiltersTheFusedScore() {
        Value all = map("op", "isNotNull", "attribute", "kind");
        Value resp = hybrid("requestId", "h6", "mapName", MAP, "queryText", "", "methods", list("exact"), "k", 2, "predicate", all);
        assertEquals(List.of("d1", "d2"), keys(resp), "equal scores, so by key");
        Value none = hybrid("requestId", "h7", "mapName", MAP, "queryText", "", "methods", list("exact"), "k", 5,
                "predicate", all, "minScore", 0.02);
        assertEquals(List.of(), keys(none), "1/61 is below 0.02");
        assertNull(Msg.get(none, "payload.error"));
    }

    @Test
    void aQueryVectorWhoseLengthIsNotAMultipleOf4GetsTheReferenceError() {
        Value resp = hybrid("requestId", "h8", "mapName", MAP, "queryText", "", "methods", list("semantic"), "k", 2,
                "queryVector", new byte[] {1, 2, 3, 4, 5});
        assertEquals("query_vector length is not a multiple of 4", Msg.str(resp, "payload.error"));
        assertEquals(List.of(), keys(resp));
    }

    @Test
    void aQueryVectorOfAnotherDimensionOrOfZerosGetsAnError() {
        Value wrongSize = hybrid("requestId", "h9", "mapName", MAP, "queryText", "", "methods", list("semantic"), "k", 2,
                "queryVector", new byte[8]);
        assertEquals("query_vector length 8 does not match expected dimension 64 (256 bytes)", Msg.str(wrongSize, "payload.error"));
        Value zeros = hybrid("requestId", "h10", "mapName", MAP, "queryText", "", "methods", list("semantic"), "k", 2,
                "queryVector", new byte[DIMENSION * 4]);
        assertTrue(Msg.str(zeros, "payload.error").contains("not all of them zero"));
        assertEquals(List.of(), keys(zeros));
    }

    @Test
    void anUnknownMapGivesNoResultsAndNoError() {
        Value resp = hybrid("requestId", "h11", "mapName", "h-nowhere", "queryText", "rust",
                "methods", list("exact", "fullText", "semantic"), "k", 5, "predicate", kindIs("db"));
        assertEquals(List.of(), keys(resp));
        assertNull(Msg.get(resp, "payload.error"));
    }

    @Test
    void vectorSearchFindsTheNearestRecordsWithTheirValuesAndVectors() {
        Value resp = vectorSearch("id", "v1", "mapName", MAP, "queryVector", vectorOf("Rust web server web"), "k", 2,
                "options", map("includeVectors", true));
        assertNull(Msg.get(resp, "payload.error"));
        assertEquals("v1", Msg.str(resp, "payload.id"));
        List<Value> hits = results(resp);
        assertEquals(2, hits.size());
        assertEquals("d4", Msg.str(hits.getFirst(), "key"));
        assertEquals(1.0, number(hits.getFirst(), "score"), 1e-5, "cosine similarity of the same text");
        assertTrue(number(hits.get(0), "score") >= number(hits.get(1), "score"));
        assertTrue(Arrays.equals(vectorOf("Rust web server web"), Msg.get(hits.getFirst(), "vector").asBinaryValue().asByteArray()),
                "the stored vector, as little-endian float32");
        assertEquals(map("title", "Rust web server", "kind", "web"), Msg.get(hits.getFirst(), "value"));
        assertTrue(Msg.num(resp, "payload.totalCandidates") >= 2);
    }

    @Test
    void vectorSearchFiltersByPredicateAndMinScore() {
        Value filtered = vectorSearch("id", "v2", "mapName", MAP, "queryVector", vectorOf("Rust web server web"), "k", 4,
                "options", map("filter", kindIs("db")));
        assertTrue(keys(filtered).stream().allMatch(k -> k.equals("d1") || k.equals("d3")), keys(filtered).toString());
        assertTrue(keys(filtered).contains("d1"));
        Value strong = vectorSearch("id", "v3", "mapName", MAP, "queryVector", vectorOf("Rust web server web"), "k", 4,
                "options", map("minScore", 0.99));
        assertEquals(List.of("d4"), keys(strong));
    }

    @Test
    void vectorSearchNamesWhatIsWrongWithItsVector() {
        assertEquals("attribute title is not a vector index", Msg.str(vectorSearch("id", "e1", "mapName", MAP,
                "indexName", "title", "queryVector", vectorOf("x"), "k", 2), "payload.error"));
        assertEquals("query_vector length 6 is not a multiple of 4", Msg.str(vectorSearch("id", "e2", "mapName", MAP,
                "queryVector", new byte[6], "k", 2), "payload.error"));
        Value wrongSize = vectorSearch("id", "e3", "mapName", MAP, "queryVector", new byte[8], "k", 2);
        assertEquals("query_vector length 8 does not match expected dimension 64 (256 bytes)", Msg.str(wrongSize, "payload.error"));
        assertEquals(List.of(), keys(wrongSize));
        assertEquals(0, Msg.num(wrongSize, "payload.totalCandidates"));
    }

    @Test
    void vectorsFollowWritesAndRemoves() {
        byte[] query = vectorOf("Quantum knitting patterns");
        write(client, MAP, "q1", map("title", "Quantum knitting patterns"));
        assertEquals("q1", keys(vectorSearch("id", "w1", "mapName", MAP, "queryVector", query, "k", 1)).getFirst());
        write(client, MAP, "q1", map("title", "Ordinary gardening"));
        assertTrue(number(results(vectorSearch("id", "w2", "mapName", MAP, "queryVector", query, "k", 1)).getFirst(), "score") < 0.99,
                "the rewrite replaced the vector");
        remove(client, MAP, "q1");
        assertTrue(!keys(vectorSearch("id", "w3", "mapName", MAP, "queryVector", query, "k", 10)).contains("q1"));
    }

    static Stream<Arguments> badRequests() {
        Value good = kindIs("db");
        return Stream.of(
                Arguments.of("no methods", hybridMessage("requestId", "b", "mapName", MAP, "queryText", "x", "methods", list(), "k", 3), "methods"),
                Arguments.of("an unknown method", hybridMessage("requestId", "b", "mapName", MAP, "queryText", "x",
                        "methods", list("fuzzy"), "k", 3), "unknown method"),
                Arguments.of("k 0", hybridMessage("requestId", "b", "mapName", MAP, "queryText", "x", "methods", list("fullText"), "k", 0), "k must"),
                Arguments.of("k of 5,000", hybridMessage("requestId", "b", "mapName", MAP, "queryText", "x",
                        "methods", list("fullText"), "k", 5000), "k must"),
                Arguments.of("no k", hybridMessage("requestId", "b", "mapName", MAP, "queryText", "x", "methods", list("fullText")), "payload.k"),
                Arguments.of("a bad predicate", hybridMessage("requestId", "b", "mapName", MAP, "queryText", "", "methods", list("exact"),
                        "k", 3, "predicate", map("op", "resembles", "attribute", "kind", "value", "db")), "resembles"),
                Arguments.of("a query text that does not parse", hybridMessage("requestId", "b", "mapName", MAP,
                        "queryText", "\"open", "methods", list("fullText"), "k", 3), "does not parse"),
                Arguments.of("a string minScore", hybridMessage("requestId", "b", "mapName", MAP, "queryText", "x",
                        "methods", list("fullText"), "k", 3, "minScore", "high"), "minScore"),
                Arguments.of("a string query vector", hybridMessage("requestId", "b", "mapName", MAP, "queryText", "x",
                        "methods", list("semantic"), "k", 3, "queryVector", "0.1,0.2"), "queryVector"),
                Arguments.of("a vector search with k 0", map("type", "VECTOR_SEARCH", "payload", map("id", "b", "mapName", MAP,
                        "queryVector", vectorOf("x"), "k", 0)), "k must"),
                Arguments.of("a vector search with efSearch 0", map("type", "VECTOR_SEARCH", "payload", map("id", "b", "mapName", MAP,
                        "queryVector", vectorOf("x"), "k", 2, "efSearch", 0)), "efSearch"),
                Arguments.of("a vector search with a bad filter", map("type", "VECTOR_SEARCH", "payload", map("id", "b", "mapName", MAP,
                        "queryVector", vectorOf("x"), "k", 2, "options", map("filter", map("op", "eq")))), "options.filter"),
                Arguments.of("a vector search without a vector", map("type", "VECTOR_SEARCH", "payload", map("id", "b",
                        "mapName", MAP, "k", 2, "options", map("filter", good))), "queryVector"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadRequestGets400AndHarmsNothing(String name, Value request, String expectedWord) {
        client.send(request);
        Value error = client.expect("ERROR");
        assertEquals(400, Msg.num(error, "payload.code"), name);
        String message = Msg.str(error, "payload.message");
        assertTrue(message.contains(expectedWord), name + " answered: " + message);
        client.ping();
        assertEquals("d2", keys(hybrid("requestId", "after", "mapName", MAP, "queryText", "tomato", "methods", list("fullText"),
                "k", 1)).getFirst(), "searches still work");
    }

    /** The next HYBRID_SEARCH_UPDATE as "CHANGE key". */
    static String nextUpdate(TestClient subscriber, String subscriptionId) {
        Value update = subscriber.expect("HYBRID_SEARCH_UPDATE");
        assertEquals(subscriptionId, Msg.str(update, "payload.subscriptionId"));
        String change = Msg.str(update, "payload.changeType");
        if (change.equals("LEAVE")) {
            assertEquals(0.0, number(update, "payload.score"));
            assertEquals(0, Msg.get(update, "payload.methodScores").asMapValue().size());
            assertNull(Msg.get(update, "payload.value"));
        } else {
            assertTrue(number(update, "payload.score") > 0);
        }
        return change + " " + Msg.str(update, "payload.key");
    }

    @Test
    void aLiveHybridSearchSendsEnterUpdateAndLeave() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient subscriber = TestClient.authenticated(server.port(), "s")) {
            write(writer, "h-live", "l1", map("title", "Espresso machine", "kind", "coffee"));
            subscriber.send(map("type", "HYBRID_SEARCH_SUB", "payload", map("subscriptionId", "hl", "mapName", "h-live",
                    "queryText", "grinder", "methods", list("exact", "fullText"), "k", 10, "predicate", kindIs("coffee"))));
            Value first = subscriber.expect("HYBRID_SEARCH_RESP");
            assertEquals("hl", Msg.str(first, "payload.requestId"), "the reply is named by the subscription id");
            assertEquals(List.of("l1"), keys(first));

            write(writer, "h-live", "l2", map("title", "Burr grinder", "kind", "tools"));
            assertEquals("ENTER l2", nextUpdate(subscriber, "hl"), "a full-text match");
            write(writer, "h-live", "l1", map("title", "Espresso machine with grinder", "kind", "coffee"));
            assertEquals("UPDATE l1", nextUpdate(subscriber, "hl"), "now in both legs");
            write(writer, "h-live", "l2", map("title", "Kettle", "kind", "tools"));
            assertEquals("LEAVE l2", nextUpdate(subscriber, "hl"));

            subscriber.send(map("type", "HYBRID_SEARCH_UNSUB", "payload", map("subscriptionId", "hl")));
            subscriber.ping();
            write(writer, "h-live", "l3", map("title", "Another grinder", "kind", "coffee"));
            assertEquals(List.of(), subscriber.drain(java.time.Duration.ofMillis(300)), "nothing after the unsubscribe");
        }
    }

    @Test
    void aLiveHybridSearchThatCannotRunGetsItsErrorAndIsNotRegistered() {
        try (TestClient subscriber = TestClient.authenticated(server.port(), "s")) {
            int before = server.server().search().subscriptionCount();
            subscriber.send(map("type", "HYBRID_SEARCH_SUB", "payload", map("subscriptionId", "bad", "mapName", MAP,
                    "queryText", "", "methods", list("semantic"), "k", 2, "queryVector", new byte[] {1, 2, 3})));
            Value resp = subscriber.expect("HYBRID_SEARCH_RESP");
            assertEquals("query_vector length is not a multiple of 4", Msg.str(resp, "payload.error"));
            assertEquals(before, server.server().search().subscriptionCount());
        }
    }
}
