package dev.syncbench.e2e;

import static dev.syncbench.e2e.QueryE2ETest.write;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.service.SearchService;
import dev.syncbench.support.Await;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An index lives while it is used: one no live search holds is dropped after the idle timeout
 * (here 1 s), so its map's writes cost nothing again, and the next search rebuilds it.
 */
class SearchIndexLifecycleE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(b -> b.searchIndexIdleTimeout(Duration.ofSeconds(1)));

    private static SearchService search() {
        return server.server().search();
    }

    private static List<String> search(TestClient client, String mapName, String query) {
        client.send(map("type", "SEARCH", "payload", map("requestId", "r", "mapName", mapName, "query", query)));
        return SearchE2ETest.keys(client.expect("SEARCH_RESP"));
    }

    @Test
    void anIdleIndexIsDroppedWhileOneHeldByALiveSearchStays() {
        try (TestClient writer = TestClient.authenticated(server.port(), "w");
             TestClient reader = TestClient.authenticated(server.port(), "r")) {
            write(writer, "idle", "i1", map("text", "idle words"));
            write(writer, "held", "h1", map("text", "held words"));
            new SearchE2ETest.LiveView(reader, "keep", "held", "words", null);
            assertEquals(List.of("i1"), search(reader, "idle", "words"));
            assertTrue(search().isIndexed("idle"));

            Await.until(() -> !search().isIndexed("idle"));
            assertFalse(search().isIndexed("idle"), "dropped after the idle timeout");
            assertTrue(search().isIndexed("held"), "a live search keeps its index");

            write(writer, "idle", "i2", map("text", "more words"));
            assertFalse(search().isIndexed("idle"), "writes to a dropped index's map do not bring it back");
            assertEquals(Set.of("i1", "i2"), Set.copyOf(search(reader, "idle", "words")), "the next search rebuilds it");
        }
    }

    @Test
    void theLastLiveSearchOfAMapWithoutRecordsTakesItsIndexAlong() {
        try (TestClient reader = TestClient.authenticated(server.port(), "r")) {
            new SearchE2ETest.LiveView(reader, "empty", "no-records-yet", "anything", null);
            assertTrue(search().isIndexed("no-records-yet"), "a live search on an empty map waits for its first records");
            reader.send(map("type", "SEARCH_UNSUB", "payload", map("subscriptionId", "empty")));
            reader.ping();
            assertFalse(search().isIndexed("no-records-yet"));
        }
    }
}
