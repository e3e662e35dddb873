package dev.syncbench.e2e;

import static dev.syncbench.e2e.QueryE2ETest.write;
import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
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

/**
 * Search requests a client gets wrong: each gets ERROR 400 saying what is wrong, registers
 * nothing, and leaves its connection, a neighbour's searches and the index as they were.
 */
class SearchBadInputE2ETest {
    private static final String MAP = "bad-search";
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();
    private static TestClient client;
    private static TestClient neighbour;

    @BeforeAll
    static void seed() {
        client = TestClient.authenticated(server.port(), "bad");
        neighbour = TestClient.authenticated(server.port(), "good");
        write(neighbour, MAP, "doc", map("text", "sentinel words"));
    }

    @AfterAll
    static void disconnect() {
        client.close();
        neighbour.close();
    }

    /** A SEARCH and a SEARCH_SUB payload with {@code fields} in place of the usual ones. */
    private static Stream<Arguments> both(String name, String expectedWord, Object... payloadFields) {
        return Stream.of(
                Arguments.of("SEARCH with " + name, frame("SEARCH", "requestId", payloadFields), expectedWord),
                Arguments.of("SEARCH_SUB with " + name, frame("SEARCH_SUB", "subscriptionId", payloadFields), expectedWord));
    }

    private static Value frame(String type, String idField, Object... payloadFields) {
        Object[] all = new Object[payloadFields.length + 2];
        all[0] = idField;
        all[1] = "bad-1";
        System.arraycopy(payloadFields, 0, all, 2, payloadFields.length);
        return map("type", type, "payload", map(all));
    }

    static Stream<Arguments> badRequests() {
        String huge = "word ".repeat(400);
        return Stream.of(
                both("an empty query", "empty", "mapName", MAP, "query", ""),
                both("a blank query", "empty", "mapName", MAP, "query", "   "),
                both("a query of 2,000 characters", "1024", "mapName", MAP, "query", huge),
                both("a query that does not parse", "does not parse", "mapName", MAP, "query", "\"unbalanced quote"),
                both("a query naming an unknown field", "'user'", "mapName", MAP, "query", "user:alice"),
                both("a numeric query", "payload.query", "mapName", MAP, "query", 42),
                both("no mapName", "payload.mapName", "query", "sentinel"),
                both("limit 0", "options.limit", "mapName", MAP, "query", "sentinel", "options", map("limit", 0)),
                both("a negative limit", "options.limit", "mapName", MAP, "query", "sentinel", "options", map("limit", -5)),
                both("a limit of a million", "options.limit", "mapName", MAP, "query", "sentinel",
                        "options", map("limit", 1_000_000)),
                both("a fractional limit", "options.limit", "mapName", MAP, "query", "sentinel", "options", map("limit", 2.5)),
                both("a string limit", "options.limit", "mapName", MAP, "query", "sentinel", "options", map("limit", "ten")),
                both("a string minScore", "options.minScore", "mapName", MAP, "query", "sentinel",
                        "options", map("minScore", "high")),
                both("options that are not a map", "payload.options", "mapName", MAP, "query", "sentinel",
                        "options", list(1, 2)),
                both("an unknown option", "payload.options.fields", "mapName", MAP, "query", "sentinel",
                        "options", map("fields", list("title"))))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadSearchGets400AndHarmsNothing(String name, Value request, String expectedWord) {
        int subscriptionsBefore = server.server().search().subscriptionCount();
        client.send(request);
        Value error = client.expect("ERROR");
        assertEquals(400, Msg.num(error, "payload.code"), name);
        String message = Msg.str(error, "payload.message");
        assertTrue(message.contains(expectedWord), name + " answered: " + message);
        client.ping(); // nothing else was sent: no SEARCH_RESP
        assertEquals(subscriptionsBefore, server.server().search().subscriptionCount(), "nothing registered");

        client.send(map("type", "SEARCH", "payload", map("requestId", "ok", "mapName", MAP, "query", "sentinel")));
        assertEquals(List.of("doc"), SearchE2ETest.keys(client.expect("SEARCH_RESP")), "the same connection still searches");
        neighbour.send(map("type", "SEARCH", "payload", map("requestId", "n", "mapName", MAP, "query", "sentinel")));
        assertEquals(List.of("doc"), SearchE2ETest.keys(neighbour.expect("SEARCH_RESP")), "and so does a neighbour");
    }

    @Test
    void aRequestTheServerRefusesIsNamedInTheErrorDetails() {
        client.send(map("type", "SEARCH", "payload", map("requestId", "named-7", "mapName", MAP, "query", "")));
        Value error = client.expect("ERROR");
        assertEquals("named-7", Msg.str(error, "payload.details.requestId"));
        assertEquals(MAP, Msg.str(error, "payload.details.mapName"));
    }

    @Test
    void unsubscribeWithoutASubscriptionIdGets400() {
        client.send(map("type", "SEARCH_UNSUB", "payload", map()));
        Value error = client.expect("ERROR");
        assertEquals(400, Msg.num(error, "payload.code"));
        assertTrue(Msg.str(error, "payload.message").contains("subscriptionId"));
        client.ping();
    }

    @Test
    void aConnectionHoldsAtMost64LiveSearches() {
        try (TestClient greedy = TestClient.authenticated(server.port(), "greedy")) {
            for (int i = 0; i < 64; i++) {
                greedy.send(map("type", "SEARCH_SUB", "payload", map("subscriptionId", "s" + i, "mapName", MAP, "query", "sentinel")));
                greedy.expect("SEARCH_RESP");
            }
            greedy.send(map("type", "SEARCH_SUB", "payload", map("subscriptionId", "s64", "mapName", MAP, "query", "sentinel")));
            Value error = greedy.expect("ERROR");
            assertEquals(429, Msg.num(error, "payload.code"));
            greedy.send(map("type", "SEARCH_SUB", "payload", map("subscriptionId", "s3", "mapName", MAP, "query", "words")));
            greedy.expect("SEARCH_RESP"); // replacing one of its own is still allowed
        }
    }
}
