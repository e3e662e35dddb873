package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.list;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.SyncServer;
import dev.syncbench.support.Msg;
import dev.syncbench.support.RawWebSocket;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.value.Value;

/** The event journal over real WebSockets (reference §9.4): subscribe, filters, read, retention, bad input. */
class JournalE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    static Value subscribe(String id, String fromSequence, String mapName, Value types) {
        List<Object> fields = new ArrayList<>(List.of("type", "JOURNAL_SUBSCRIBE", "requestId", id));
        if (fromSequence != null) {
            fields.addAll(List.of("fromSequence", fromSequence));
        }
        if (mapName != null) {
            fields.addAll(List.of("mapName", mapName));
        }
        if (types != null) {
            fields.addAll(List.of("types", types));
        }
        return map(fields.toArray());
    }

    static Value read(String fromSequence, int limit, String mapName) {
        return map("type", "JOURNAL_READ", "requestId", "r-" + fromSequence, "fromSequence", fromSequence,
                "limit", limit, "mapName", mapName);
    }

    static void write(TestClient client, Value... ops) {
        client.send(Msg.opBatch(ops));
        client.expect("OP_ACK");
    }

    static Value remove(String id, String mapName, String key, long millis) {
        return map("id", id, "mapName", mapName, "key", key, "opType", "REMOVE",
                "record", map("value", null, "timestamp", Msg.timestamp(millis, 0, "client-1")));
    }

    static Value orAdd(String id, String mapName, String key, String value, String tag, long millis) {
        return map("id", id, "mapName", mapName, "key", key, "opType", "OR_ADD",
                "orRecord", map("value", value, "timestamp", Msg.timestamp(millis, 0, "client-1"), "tag", tag));
    }

    static Value orRemove(String id, String mapName, String key, String tag) {
        return map("id", id, "mapName", mapName, "key", key, "opType", "OR_REMOVE", "orTag", tag);
    }

    /** The sequence of each event, as a number. */
    static List<Long> sequences(List<Value> events) {
        return events.stream().map(e -> Long.parseLong(Msg.str(e, "sequence"))).toList();
    }

    static List<Value> events(Value response) {
        return Msg.get(response, "events").asArrayValue().list();
    }

    @Test
    void aSubscriberGetsEveryLaterWriteWithIncreasingSequences() {
        long now = System.currentTimeMillis();
        try (TestClient subscriber = TestClient.authenticated(server.port(), "sub");
             TestClient writer = TestClient.authenticated(server.port(), "writer")) {
            subscriber.send(subscribe("j1", null, "journal-all", null));
            subscriber.ping();
            write(writer, Msg.put("p1", "journal-all", "a", "one", now), Msg.put("p2", "journal-all", "b", "two", now),
                    remove("r1", "journal-all", "a", now + 1), orAdd("o1", "journal-all", "c", "x", "t1", now),
                    orRemove("o2", "journal-all", "c", "t1"));
            List<Value> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add(Msg.get(subscriber.expect("JOURNAL_EVENT"), "event"));
            }
            assertEquals(List.of("PUT", "PUT", "DELETE", "PUT", "DELETE"),
                    events.stream().map(e -> Msg.str(e, "type")).toList());
            assertEquals(List.of("a", "b", "a", "c", "c"), events.stream().map(e -> Msg.str(e, "key")).toList());
            List<Long> sequences = sequences(events);
            for (int i = 1; i < sequences.size(); i++) {
                assertEquals(sequences.get(i - 1) + 1, sequences.get(i), "consecutive: " + sequences);
            }
            Value first = events.getFirst();
            assertEquals("one", Msg.str(first, "value"));
            assertEquals("journal-all", Msg.str(first, "mapName"));
            assertEquals(now, Msg.num(first, "timestamp.millis"));
            assertEquals("client-1", Msg.str(first, "nodeId"));
            assertNull(Msg.get(events.get(2), "value"), "a DELETE carries no value");
            assertEquals("x", Msg.str(events.get(3), "value"));
            writer.ping();
        }
    }

    @Test
    void mapNameAndTypesFilterWhatIsPushed() {
        long now = System.currentTimeMillis();
        try (TestClient subscriber = TestClient.authenticated(server.port(), "sub");
             TestClient writer = TestClient.authenticated(server.port(), "writer")) {
            subscriber.send(subscribe("j2", null, "journal-wanted", list("DELETE")));
            subscriber.ping();
            write(writer, Msg.put("p1", "journal-wanted", "a", "v", now), remove("r1", "journal-other", "b", now),
                    remove("r2", "journal-wanted", "c", now));
            Value event = subscriber.expect("JOURNAL_EVENT");
            assertEquals("c", Msg.str(event, "event.key"));
            subscriber.ping();
        }
    }

    @Test
    void fromSequenceReplaysRetainedEntriesBeforeLiveOnes() {
        long now = System.currentTimeMillis();
        try (TestClient subscriber = TestClient.authenticated(server.port(), "sub");
             TestClient writer = TestClient.authenticated(server.port(), "writer")) {
            write(writer, Msg.put("p1", "journal-replay", "a", "v", now), Msg.put("p2", "journal-replay", "b", "v", now));
            writer.send(read("0", 1000, "journal-replay"));
            long firstSequence = sequences(events(writer.expect("JOURNAL_READ_RESPONSE"))).getFirst();
            subscriber.send(subscribe("j3", Long.toString(firstSequence), "journal-replay", null));
            write(writer, Msg.put("p3", "journal-replay", "c", "v", now));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                keys.add(Msg.str(subscriber.expect("JOURNAL_EVENT"), "event.key"));
            }
            assertEquals(List.of("a", "b", "c"), keys);
            subscriber.ping();
        }
    }

    @Test
    void readPagesWithFromSequenceLimitAndHasMore() {
        long now = System.currentTimeMillis();
        try (TestClient client = TestClient.authenticated(server.port(), "reader")) {
            List<Value> ops = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ops.add(Msg.put("p" + i, "journal-read", "k" + i, i, now));
            }
            write(client, ops.toArray(Value[]::new));
            client.send(read("0", 3, "journal-read"));
            Value page = client.expect("JOURNAL_READ_RESPONSE");
            assertEquals("r-0", Msg.str(page, "requestId"));
            List<Long> first = sequences(events(page));
            assertEquals(3, first.size());
            assertTrue(Msg.get(page, "hasMore").asBooleanValue().getBoolean());
            String next = Long.toString(first.getLast() + 1);
            client.send(read(next, 3, "journal-read"));
            Value rest = client.expect("JOURNAL_READ_RESPONSE");
            assertEquals(List.of("k3", "k4"), events(rest).stream().map(e -> Msg.str(e, "key")).toList());
            assertFalse(Msg.get(rest, "hasMore").asBooleanValue().getBoolean());
        }
    }

    @Test
    void unsubscribeAndDisconnectStopPushes() {
        long now = System.currentTimeMillis();
        try (TestClient subscriber = TestClient.authenticated(server.port(), "sub");
             TestClient writer = TestClient.authenticated(server.port(), "writer")) {
            subscriber.send(subscribe("j4", null, "journal-unsub", null));
            subscriber.ping();
            write(writer, Msg.put("p1", "journal-unsub", "a", "v", now));
            subscriber.expect("JOURNAL_EVENT");
            subscriber.send(map("type", "JOURNAL_UNSUBSCRIBE", "subscriptionId", "j4"));
            subscriber.ping();
            write(writer, Msg.put("p2", "journal-unsub", "b", "v", now));
            subscriber.ping(); // the PONG comes next: no event for b

            try (TestClient leaver = TestClient.authenticated(server.port(), "leaver")) {
                leaver.send(subscribe("j5", null, "journal-unsub", null));
                leaver.ping();
                leaver.closeGracefully();
                leaver.awaitClose();
            }
            write(writer, Msg.put("p3", "journal-unsub", "c", "v", now));
            writer.ping();
        }
    }

    @Test
    void retentionDropsTheOldestEntries() {
        try (SyncServer small = SyncServer.start(TestServers.config().journalCapacity(3).build());
             TestClient client = TestClient.authenticated(small.port(), "writer")) {
            long now = System.currentTimeMillis();
            for (int i = 1; i <= 5; i++) {
                write(client, Msg.put("p" + i, "m", "k" + i, i, now));
            }
            client.send(read("0", 100, "m"));
            Value response = client.expect("JOURNAL_READ_RESPONSE");
            assertEquals(List.of(3L, 4L, 5L), sequences(events(response)));
        }
    }

    @Test
    void aJournalTurnedOffReadsEmpty() {
        try (SyncServer off = SyncServer.start(TestServers.config().journalEnabled(false).build());
             TestClient client = TestClient.authenticated(off.port(), "writer")) {
            write(client, Msg.put("p1", "m", "k", 1, System.currentTimeMillis()));
            client.send(read("0", 100, "m"));
            assertEquals(List.of(), events(client.expect("JOURNAL_READ_RESPONSE")));
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsClosedAsASlowConsumerWhileWritesGoOn() throws Exception {
        try (SyncServer small = SyncServer.start(TestServers.config().outboundQueueFrames(16).build());
             TestClient writer = TestClient.authenticated(small.port(), "writer");
             RawWebSocket slow = new RawWebSocket(small.port())) {
            slow.authenticate("slow");
            slow.send(subscribe("j", null, null, null));
            slow.send(map("type", "PING", "timestamp", 1));
            assertEquals("PONG", Msg.type(slow.readMessage()));
            long now = System.currentTimeMillis();
            for (int i = 0; i < 5_000 && slowConsumersClosed(small) == 0; i++) {
                write(writer, Msg.put("p" + i, "flood", "k" + i, "x".repeat(2_000), now));
            }
            assertEquals(1, slowConsumersClosed(small), "the journal flood made a slow consumer");
            write(writer, Msg.put("after", "flood", "k", "v", now));
            assertEquals(1013, slow.awaitCloseCode());
        }
    }

    private static long slowConsumersClosed(SyncServer server) {
        for (String line : server.metrics().prometheusText().split("\n")) {
            if (line.startsWith("syncbench_slow_consumers_closed_total ")) {
                return Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new AssertionError("no slow consumer metric");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of(map("type", "JOURNAL_READ", "fromSequence", "1"), "requestId"),
                Arguments.of(map("type", "JOURNAL_READ", "requestId", "r", "fromSequence", "1", "limit", 5000), "limit"),
                Arguments.of(map("type", "JOURNAL_READ", "requestId", "r", "fromSequence", "1", "limit", "ten"), "limit"),
                Arguments.of(map("type", "JOURNAL_READ", "requestId", "r", "fromSequence", 1), "fromSequence"),
                Arguments.of(map("type", "JOURNAL_READ", "requestId", "r", "fromSequence", "1", "mapName", 7), "mapName"),
                Arguments.of(map("type", "JOURNAL_SUBSCRIBE", "mapName", "m"), "requestId"),
                Arguments.of(map("type", "JOURNAL_SUBSCRIBE", "requestId", "j", "types", "PUT"), "types"),
                Arguments.of(map("type", "JOURNAL_SUBSCRIBE", "requestId", "j", "types", list("MOVE")), "types[0]"),
                Arguments.of(map("type", "JOURNAL_UNSUBSCRIBE"), "subscriptionId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGets400NamingTheField(Value message, String field) {
        try (TestClient client = TestClient.authenticated(server.port(), "bad")) {
            client.send(message);
            Value error = client.expect("ERROR");
            assertEquals(400, Msg.num(error, "payload.code"));
            String text = Msg.str(error, "payload.message");
            assertTrue(text.contains(field), text);
            client.ping();
            assertTrue(client.drain(Duration.ofMillis(50)).isEmpty());
        }
    }
}
