package dev.syncbench.e2e;

import static dev.syncbench.e2e.QueryE2ETest.remove;
import static dev.syncbench.e2e.QueryE2ETest.tick;
import static dev.syncbench.e2e.QueryE2ETest.write;
import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.service.SearchService;
import dev.syncbench.support.Await;
import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/** SEARCH, SEARCH_SUB / SEARCH_UPDATE and SEARCH_UNSUB over real WebSockets (PROTOCOL.md §11). */
class SearchE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    static Value searchMessage(String requestId, String mapName, String query, Value options) {
        Value payload = options == null
                ? map("requestId", requestId, "mapName", mapName, "query", query)
                : map("requestId", requestId, "mapName", mapName, "query", query, "options", options);
        return map("type", "SEARCH", "payload", payload);
    }

    static Value subMessage(String subscriptionId, String mapName, String query, Value options) {
        Value payload = options == null
                ? map("subscriptionId", subscriptionId, "mapName", mapName, "query", query)
                : map("subscriptionId", subscriptionId, "mapName", mapName, "query", query, "options", options);
        return map("type", "SEARCH_SUB", "payload", payload);
    }

    static Value search(TestClient client, String mapName, String query, Value options) {
        client.send(searchMessage("r-" + query.hashCode(), mapName, query, options));
        Value resp = client.expect("SEARCH_RESP");
        assertEquals("r-" + query.hashCode(), Msg.str(resp, "payload.requestId"));
        return resp;
    }

    static List<Value> hits(Value resp) {
        return Msg.get(resp, "payload.results").asArrayValue().list();
    }

    static List<String> keys(Value resp) {
        return hits(resp).stream().map(hit -> Msg.str(hit, "key")).toList();
    }

    static double score(Value hit) {
        return Msg.get(hit, "score").asFloatValue().toDouble();
    }

    static List<String> terms(Value hit) {
        return Msg.get(hit, "matchedTerms").asArrayValue().list().stream().map(v -> v.asStringValue().asString()).toList();
    }

    static Value doc(String title, String body) {
        return map("title", title, "body", body);
    }

    static void seedArticles(TestClient writer, String mapName) {
        write(writer, mapName, "a1", doc("Async Rust", "async programming in rust with tokio"));
        write(writer, mapName, "a2", doc("Rust ownership", "borrowing and lifetimes"));
        write(writer, mapName, "a3", doc("Python asyncio", "async programming in python"));
        write(writer, mapName, "a4", doc("Gardening", "tomatoes and beans"));
    }

    private static SearchService searchService() {
        return server.server().search();
    }

    @Test
    void hitsAreRankedByScoreAndEachNamesTheQueryTermsItHolds() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            seedArticles(writer, "s-rank");
            Value resp = search(reader, "s-rank", "rust async", null);
            List<Value> hits = hits(resp);
            assertEquals("a1", keys(resp).getFirst(), "the record holding both words ranks first");
            assertEquals(Set.of("a1", "a2", "a3"), Set.copyOf(keys(resp)));
            for (int i = 1; i < hits.size(); i++) {
                assertTrue(score(hits.get(i - 1)) >= score(hits.get(i)), "descending scores: " + resp);
            }
            assertTrue(score(hits.getLast()) > 0);
            Map<String, List<String>> matched = new LinkedHashMap<>();
            hits.forEach(hit -> matched.put(Msg.str(hit, "key"), terms(hit)));
            assertEquals(List.of("rust", "async"), matched.get("a1"));
            assertEquals(List.of("rust"), matched.get("a2"));
            assertEquals(List.of("async"), matched.get("a3"));
            assertTrue(Msg.get(hits.getFirst(), "value").isNilValue(), "values are not sent, as TopGun does");
            assertEquals(3, Msg.num(resp, "payload.totalCount"));
            assertEquals(null, Msg.get(resp, "payload.error"));
        }
    }

    @Test
    void everyStringAtAnyDepthIsFoundButFieldNamesAndNumbersAreNot() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            write(writer, "s-deep", "n1", map("meta", map("tags", list("Kubernetes", map("deep", "helm-chart"))),
                    "count", 12345, "flag", true));
            assertEquals(List.of("n1"), keys(search(reader, "s-deep", "kubernetes", null)));
            assertEquals(List.of("n1"), keys(search(reader, "s-deep", "HELM", null)), "split on '-', lowercased");
            assertEquals(List.of(), keys(search(reader, "s-deep", "meta", null)), "field names are not text");
            assertEquals(List.of(), keys(search(reader, "s-deep", "12345", null)), "numbers are not text");
        }
    }

    @Test
    void limitCutsTheRankedListAndMinScoreDropsWeakHits() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            for (int i = 0; i < 15; i++) {
                write(writer, "s-limit", "k" + i, doc("note " + i, "common word"));
            }
            assertEquals(10, keys(search(reader, "s-limit", "common", null)).size(), "limit defaults to 10");
            assertEquals(3, keys(search(reader, "s-limit", "common", map("limit", 3))).size());
            seedArticles(writer, "s-min");
            List<Value> all = hits(search(reader, "s-min", "rust async", null));
            double best = score(all.getFirst());
            List<String> strong = keys(search(reader, "s-min", "rust async", map("minScore", best)));
            assertEquals(List.of("a1"), strong, "only hits scoring at least minScore");
        }
    }

    @Test
    void theQueryLanguageHasAndNotPhrasesPrefixesAndKeys() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            seedArticles(writer, "s-lang");
            assertEquals(List.of("a1"), keys(search(reader, "s-lang", "rust AND async", null)));
            assertEquals(List.of("a1"), keys(search(reader, "s-lang", "+rust +programming", null)));
            assertEquals(List.of("a3"), keys(search(reader, "s-lang", "async -rust", null)));
            assertEquals(List.of("a2"), keys(search(reader, "s-lang", "rust NOT async", null)));
            assertEquals(List.of("a3"), keys(search(reader, "s-lang", "\"programming in python\"", null)));
            assertEquals(List.of(), keys(search(reader, "s-lang", "\"python in programming\"", null)), "word order counts in a phrase");
            assertEquals(Set.of("a1", "a3"), Set.copyOf(keys(search(reader, "s-lang", "asyn*", null))));
            assertEquals(List.of("a4"), keys(search(reader, "s-lang", "_key:a4", null)));
        }
    }

    @Test
    void aMapWithoutRecordsGivesNoHitsAndGetsNoIndex() {
        try (TestClient reader = TestClient.authenticated(server.port(), "r")) {
            Value resp = search(reader, "s-nothing-here", "anything", null);
            assertEquals(List.of(), keys(resp));
            assertEquals(0, Msg.num(resp, "payload.totalCount"));
            assertEquals(null, Msg.get(resp, "payload.error"), "an unknown map is not an error");
            assertFalse(searchService().isIndexed("s-nothing-here"));
        }
    }

    @Test
    void writesToAMapNobodySearchesAreNotIndexed() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            seedArticles(writer, "s-unsearched");
            assertFalse(searchService().isIndexed("s-unsearched"), "no search, no index");
            // the first search builds the index from the records already stored
            assertEquals(List.of("a4"), keys(search(reader, "s-unsearched", "tomatoes", null)));
            assertTrue(searchService().isIndexed("s-unsearched"));
        }
    }

    @Test
    void onceIndexedASearchSeesEveryAcknowledgedWriteAndRemove() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            seedArticles(writer, "s-current");
            assertEquals(List.of("a4"), keys(search(reader, "s-current", "tomatoes", null)));
            write(writer, "s-current", "a5", doc("Tomatoes", "growing tomatoes indoors"));
            assertEquals(Set.of("a4", "a5"), Set.copyOf(keys(search(reader, "s-current", "tomatoes", null))));
            write(writer, "s-current", "a4", doc("Gardening", "peppers only now"));
            assertEquals(List.of("a5"), keys(search(reader, "s-current", "tomatoes", null)), "a rewrite replaces the old text");
            remove(writer, "s-current", "a5");
            assertEquals(List.of(), keys(search(reader, "s-current", "tomatoes", null)), "a removed record is not found");
        }
    }

    @Test
    void anExpiredRecordIsNotFound() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            write(writer, "s-ttl", "stays", doc("Lasting", "ephemeral things stay"));
            assertEquals(List.of("stays"), keys(search(reader, "s-ttl", "ephemeral", null)));
            putWithTtl(writer, "s-ttl", "brief", doc("Brief", "ephemeral message"), 300);
            assertEquals(Set.of("stays", "brief"), Set.copyOf(keys(search(reader, "s-ttl", "ephemeral", null))));
            Await.until(() -> server.store().getLww("s-ttl", "brief").isExpired(System.currentTimeMillis()));
            assertEquals(List.of("stays"), keys(search(reader, "s-ttl", "ephemeral", null)));
        }
    }

    static void putWithTtl(TestClient writer, String mapName, String key, Value value, long ttlMs) {
        writer.send(Msg.opBatch(map("id", "t", "mapName", mapName, "key", key,
                "record", map("value", value, "timestamp", Msg.timestamp(tick(), 0, "c"), "ttlMs", ttlMs))));
        writer.expect("OP_ACK");
    }

    @Test
    void orMapValuesAreSearchableUntilTheirTagIsRemoved() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            writer.send(Msg.opBatch(map("id", "o1", "mapName", "s-or", "key", "list",
                    "orRecord", map("value", "shopping carrots", "timestamp", Msg.timestamp(tick(), 0, "c"), "tag", "t1"))));
            writer.expect("OP_ACK");
            assertEquals(List.of("list"), keys(search(reader, "s-or", "carrots", null)));
            writer.send(Msg.opBatch(map("id", "o2", "mapName", "s-or", "key", "list", "orTag", "t1")));
            writer.expect("OP_ACK");
            assertEquals(List.of(), keys(search(reader, "s-or", "carrots", null)));
        }
    }

    /** A subscriber's results as its SEARCH_RESP and SEARCH_UPDATEs build them. */
    static final class LiveView {
        final TestClient client;
        final String subscriptionId;
        final Set<String> keys = new TreeSet<>();
        final List<String> log = new ArrayList<>();

        LiveView(TestClient client, String subscriptionId, String mapName, String query, Value options) {
            this.client = client;
            this.subscriptionId = subscriptionId;
            client.send(subMessage(subscriptionId, mapName, query, options));
            Value resp = client.expect("SEARCH_RESP");
            assertEquals(subscriptionId, Msg.str(resp, "payload.requestId"), "the reply is named by the subscription id");
            keys.addAll(SearchE2ETest.keys(resp));
        }

        /** Reads the next SEARCH_UPDATE of this subscription and applies it; returns "CHANGE key". */
        String next() {
            Value update = client.expect("SEARCH_UPDATE");
            assertEquals(subscriptionId, Msg.str(update, "payload.subscriptionId"));
            String key = Msg.str(update, "payload.key");
            String change = Msg.str(update, "payload.changeType");
            switch (change) {
                case "ENTER" -> assertTrue(keys.add(key), "ENTER for a key already in: " + key);
                case "UPDATE" -> assertTrue(keys.contains(key), "UPDATE for a key not in: " + key);
                case "LEAVE" -> {
                    assertTrue(keys.remove(key), "LEAVE for a key not in: " + key);
                    assertEquals(0.0, Msg.get(update, "payload.score").asFloatValue().toDouble());
                    assertEquals(0, Msg.get(update, "payload.matchedTerms").asArrayValue().size());
                }
                default -> throw new AssertionError("unknown changeType " + change);
            }
            if (!"LEAVE".equals(change)) {
                assertTrue(Msg.get(update, "payload.score").asFloatValue().toDouble() > 0);
            }
            String entry = change + " " + key;
            log.add(entry);
            return entry;
        }

        /** Applies updates until the results are exactly {@code expected}; fails if they never are. */
        void awaitKeys(Set<String> expected) {
            while (!keys.equals(expected)) {
                next();
            }
        }
    }

    @Test
    void aLiveSearchSendsEnterUpdateAndLeave() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            seedArticles(writer, "s-live");
            LiveView view = new LiveView(reader, "live-1", "s-live", "tomatoes", null);
            assertEquals(Set.of("a4"), view.keys);

            write(writer, "s-live", "a5", doc("Tomato soup", "tomatoes basil"));
            assertEquals("ENTER a5", view.next());
            write(writer, "s-live", "a5", doc("Tomato soup", "tomatoes basil garlic"));
            assertEquals("UPDATE a5", view.next(), "a matching record rewritten");
            write(writer, "s-live", "a4", doc("Gardening", "only peppers now"));
            assertEquals("LEAVE a4", view.next(), "no longer matches");
            remove(writer, "s-live", "a5");
            assertEquals("LEAVE a5", view.next(), "removed");
            write(writer, "s-live", "a6", doc("Unrelated", "nothing to see"));
            reader.ping();
            assertEquals(List.of(), reader.drain(Duration.ofMillis(200)), "a write that matches nothing sends nothing");
        }
    }

    @Test
    void aLiveSearchKeepsItsBestLimitHits() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            write(writer, "s-window", "weak1", doc("x", "apple filler filler filler filler filler"));
            write(writer, "s-window", "weak2", doc("y", "apple filler filler filler filler filler filler"));
            LiveView view = new LiveView(reader, "win", "s-window", "apple", map("limit", 2));
            assertEquals(Set.of("weak1", "weak2"), view.keys);
            write(writer, "s-window", "strong", doc("apple", "apple apple"));
            view.awaitKeys(Set.of("strong", "weak1"));
            assertEquals(List.of("LEAVE weak2", "ENTER strong"), view.log, "the displaced key leaves before its replacement enters");
        }
    }

    @Test
    void anExpiringRecordLeavesALiveSearch() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            write(writer, "s-live-ttl", "keeps", doc("k", "fleeting"));
            LiveView view = new LiveView(reader, "ttl", "s-live-ttl", "fleeting", null);
            putWithTtl(writer, "s-live-ttl", "brief", doc("b", "fleeting moment"), 300);
            assertEquals("ENTER brief", view.next());
            assertEquals("LEAVE brief", view.next(), "its TTL ran out");
            assertEquals(Set.of("keeps"), view.keys);
        }
    }

    @Test
    void unsubscribeStopsUpdatesAndIsNotAnswered() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            seedArticles(writer, "s-unsub");
            new LiveView(reader, "gone", "s-unsub", "beans", null);
            reader.send(map("type", "SEARCH_UNSUB", "payload", map("subscriptionId", "gone")));
            reader.ping(); // no OP_ACK or anything else before the PONG
            write(writer, "s-unsub", "b1", doc("Beans", "beans on toast"));
            assertEquals(List.of(), reader.drain(Duration.ofMillis(300)));
            reader.send(map("type", "SEARCH_UNSUB", "payload", map("subscriptionId", "never-was")));
            reader.ping();
        }
    }

    @Test
    void aSecondSubscriptionWithTheSameIdReplacesTheFirst() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            seedArticles(writer, "s-replace");
            new LiveView(reader, "same", "s-replace", "beans", null);
            LiveView second = new LiveView(reader, "same", "s-replace", "python", null);
            assertEquals(Set.of("a3"), second.keys);
            write(writer, "s-replace", "b1", doc("Beans", "beans and python"));
            assertEquals("ENTER b1", second.next());
            reader.ping(); // exactly one ENTER: the first subscription is gone
        }
    }

    @Test
    void aDisconnectEndsTheConnectionsLiveSearches() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w")) {
            seedArticles(writer, "s-disconnect");
            int before = searchService().subscriptionCount();
            TestClient reader = TestClient.authenticated(server.port(), "r");
            new LiveView(reader, "d1", "s-disconnect", "rust", null);
            new LiveView(reader, "d2", "s-disconnect", "python", null);
            assertEquals(before + 2, searchService().subscriptionCount());
            reader.close();
            Await.until(() -> searchService().subscriptionCount() == before);
            assertEquals(before, searchService().subscriptionCount());
            write(writer, "s-disconnect", "r9", doc("Rust", "more rust"));
        }
    }

    @Test
    void twoLiveSearchersConvergeOnWhatASearchFinds() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient one = TestClient.authenticated(server.port(), "one");
             TestClient two = TestClient.authenticated(server.port(), "two");
             TestClient checker = TestClient.authenticated(server.port(), "check")) {
            write(writer, "s-converge", "seed", doc("Seed", "alpha"));
            LiveView first = new LiveView(one, "v1", "s-converge", "alpha OR beta", map("limit", 50));
            LiveView second = new LiveView(two, "v2", "s-converge", "alpha OR beta", map("limit", 50));
            String[] words = {"alpha", "beta", "gamma", "delta"};
            for (int i = 0; i < 60; i++) {
                String key = "k" + (i % 20);
                if (i % 7 == 6) {
                    remove(writer, "s-converge", key);
                } else {
                    write(writer, "s-converge", key, doc("t" + i, words[i % words.length] + " " + words[(i / 3) % words.length]));
                }
            }
            Set<String> expected = new TreeSet<>(keys(search(checker, "s-converge", "alpha OR beta", map("limit", 50))));
            assertFalse(expected.isEmpty());
            first.awaitKeys(expected);
            second.awaitKeys(expected);
            assertEquals(expected, first.keys);
            assertEquals(expected, second.keys);
        }
    }
}
