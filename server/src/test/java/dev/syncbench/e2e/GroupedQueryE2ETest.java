package dev.syncbench.e2e;

import static dev.syncbench.e2e.QueryE2ETest.nextUpdate;
import static dev.syncbench.e2e.QueryE2ETest.pending;
import static dev.syncbench.e2e.QueryE2ETest.subscribe;
import static dev.syncbench.e2e.QueryE2ETest.valueOf;
import static dev.syncbench.e2e.QueryE2ETest.write;
import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/** QUERY_SUB with groupBy and aggregations over real WebSockets: group rows in QUERY_RESP, kept current by QUERY_UPDATE. */
class GroupedQueryE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static final Value BY_CATEGORY = map("groupBy", list("category"), "aggregations", list(
            map("func", "count"), map("func", "sum", "field", "amount"), map("func", "avg", "field", "amount"),
            map("func", "min", "field", "amount"), map("func", "max", "field", "amount")));

    @Test
    void theSnapshotHasOneRowPerGroupKeyedByItsKey() {
        try (TestClient writer = TestClient.authenticated(server.port(), "writer");
             TestClient reader = TestClient.authenticated(server.port(), "reader")) {
            write(writer, "orders", "o1", map("category", "books", "amount", 10));
            write(writer, "orders", "o2", map("category", "books", "amount", 2.5));
            write(writer, "orders", "o3", map("category", "games", "amount", 7));
            Value resp = subscribe(reader, "q", "orders", BY_CATEGORY);
            assertEquals(List.of("S5:books", "S5:games"), QueryE2ETest.keys(resp));
            Value books = valueOf(resp, "S5:books");
            assertEquals("S5:books", Msg.str(books, "__key"));
            assertEquals(2, Msg.num(books, "__count"));
            assertEquals(12.5, Msg.get(books, "__sum_amount").asFloatValue().toDouble());
            assertEquals(6.25, Msg.get(books, "__avg_amount").asFloatValue().toDouble());
            assertEquals(2.5, Msg.get(books, "__min_amount").asFloatValue().toDouble());
            assertEquals(10, Msg.num(books, "__max_amount"));
            assertEquals("books", Msg.str(books, "category"));
            Value games = valueOf(resp, "S5:games");
            assertTrue(Msg.get(games, "__sum_amount").isIntegerValue(), "a whole sum is an integer");
            assertEquals(7, Msg.num(games, "__sum_amount"));
        }
    }

    @Test
    void groupByAloneSendsOnlyTheKeyTheCountAndTheColumns() {
        try (TestClient writer = TestClient.authenticated(server.port(), "writer");
             TestClient reader = TestClient.authenticated(server.port(), "reader")) {
            write(writer, "plain-groups", "a", map("kind", "x", "amount", 1));
            Value row = valueOf(subscribe(reader, "q", "plain-groups", map("groupBy", list("kind"))), "S1:x");
            assertEquals(List.of("__key", "__count", "kind"), row.asMapValue().map().keySet().stream()
                    .map(k -> k.asStringValue().asString()).toList());
        }
    }

    @Test
    void aWriteThatMovesARecordUpdatesBothGroupsAndTheWriterSeesItToo() {
        try (TestClient writer = TestClient.authenticated(server.port(), "writer");
             TestClient reader = TestClient.authenticated(server.port(), "reader")) {
            write(writer, "moves", "o1", map("category", "books", "amount", 10));
            write(writer, "moves", "o2", map("category", "books", "amount", 5));
            subscribe(reader, "q", "moves", BY_CATEGORY);
            subscribe(writer, "mine", "moves", BY_CATEGORY);

            // o1 moves to a new group: books is updated, then games enters
            writer.send(Msg.opBatch(Msg.put("w", "moves", "o1", map("category", "games", "amount", 10), QueryE2ETest.tick())));
            Value left = nextUpdate(reader);
            assertEquals("UPDATE", Msg.str(left, "payload.changeType"));
            assertEquals("S5:books", Msg.str(left, "payload.key"));
            assertEquals(1, Msg.num(left, "payload.value.__count"));
            assertEquals(5, Msg.num(left, "payload.value.__sum_amount"));
            Value entered = nextUpdate(reader);
            assertEquals("ENTER", Msg.str(entered, "payload.changeType"));
            assertEquals("S5:games", Msg.str(entered, "payload.key"));
            assertEquals(10, Msg.num(entered, "payload.value.__max_amount"));

            // the writer cannot compute the groups itself, so its own query is told as well
            List<Value> mine = pending(writer).stream().filter(m -> "QUERY_UPDATE".equals(Msg.type(m))).toList();
            assertEquals(List.of("S5:books", "S5:games"), mine.stream().map(m -> Msg.str(m, "payload.key")).toList());

            // the last record of books leaves: the group leaves (the writer's own update may precede its ack)
            writer.send(Msg.opBatch(map("id", "r", "mapName", "moves", "key", "o2", "opType", "REMOVE")));
            Value gone = nextUpdate(reader);
            assertEquals("LEAVE", Msg.str(gone, "payload.changeType"));
            assertEquals("S5:books", Msg.str(gone, "payload.key"));
            assertTrue(Msg.get(gone, "payload.value").isNilValue());
        }
    }

    @Test
    void aWriteThatChangesNoGroupRowSendsNoUpdate() {
        try (TestClient writer = TestClient.authenticated(server.port(), "writer");
             TestClient reader = TestClient.authenticated(server.port(), "reader")) {
            write(writer, "quiet", "o1", map("category", "books", "amount", 10, "note", "a"));
            subscribe(reader, "q", "quiet", BY_CATEGORY);
            write(writer, "quiet", "o1", map("category", "books", "amount", 10, "note", "b"));
            assertTrue(pending(reader).stream().noneMatch(m -> "QUERY_UPDATE".equals(Msg.type(m))));
        }
    }

    @Test
    void sortAndLimitApplyToTheGroupRows() {
        try (TestClient writer = TestClient.authenticated(server.port(), "writer");
             TestClient reader = TestClient.authenticated(server.port(), "reader")) {
            write(writer, "ranked", "a", map("team", "red", "points", 3));
            write(writer, "ranked", "b", map("team", "blue", "points", 5));
            write(writer, "ranked", "c", map("team", "blue", "points", 1));
            Value resp = subscribe(reader, "q", "ranked", map("groupBy", list("team"),
                    "aggregations", list(map("func", "sum", "field", "points")),
                    "sort", list(map("field", "__sum_points", "direction", "desc")), "limit", 1));
            assertEquals(List.of("S4:blue"), QueryE2ETest.keys(resp));
            assertTrue(QueryE2ETest.hasMore(resp));
            // red overtakes blue: blue leaves the one-row window, red enters
            write(writer, "ranked", "a", map("team", "red", "points", 9));
            assertEquals(List.of("LEAVE S4:blue", "ENTER S3:red"), List.of(describe(nextUpdate(reader)), describe(nextUpdate(reader))));
            Value top = subscribe(reader, "top", "ranked", map("groupBy", list("team"),
                    "aggregations", list(map("func", "sum", "field", "points")),
                    "sort", list(map("field", "__sum_points", "direction", "asc")), "limit", 1));
            assertEquals(List.of("S4:blue"), QueryE2ETest.keys(top), "blue's 6 is now the smallest sum");
        }
    }

    private static String describe(Value update) {
        return Msg.str(update, "payload.changeType") + " " + Msg.str(update, "payload.key");
    }

    @Test
    void aMalformedGroupingIsRefusedWith400() {
        try (TestClient reader = TestClient.authenticated(server.port(), "reader")) {
            reader.send(QueryE2ETest.querySub("q", "any", map("groupBy", list("c"),
                    "aggregations", list(map("func", "median", "field", "n")))));
            Value error = reader.expect("ERROR");
            assertEquals(400, Msg.num(error, "payload.code"));
            assertTrue(Msg.str(error, "payload.message").contains("aggregations[0].func"));
            reader.ping();
        }
    }

    @Test
    void aggregationsWithoutGroupByReturnThePlainRows() {
        try (TestClient writer = TestClient.authenticated(server.port(), "writer");
             TestClient reader = TestClient.authenticated(server.port(), "reader")) {
            write(writer, "ungrouped", "k", map("amount", 1));
            Value resp = subscribe(reader, "q", "ungrouped", map("aggregations", list(map("func", "sum", "field", "amount"))));
            assertEquals(List.of("k"), QueryE2ETest.keys(resp));
            assertNull(Msg.get(valueOf(resp, "k"), "__count"));
        }
    }
}
