package dev.syncbench.cluster;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.partition.Partitioning;
import dev.syncbench.support.Msg;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgpack.value.Value;

/**
 * Cluster mode end to end: three servers started from the packaged jar as separate processes on
 * loopback, each given the others as seed nodes, forming one Hazelcast cluster; clients on
 * different members over real WebSockets. One cluster serves the whole class; the last two tests
 * kill a member (and restart it) and then stop another one with SIGTERM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Map<Long, Path> LOGS = new ConcurrentHashMap<>();

    /** Members' stderr, kept after the run (a failure's message holds only each log's end). */
    private static final Path logs = Path.of("target", "cluster-it");

    private record Member(String nodeId, int port, int clusterPort, Process process) {
    }

    private final Member[] members = new Member[3];
    /** Every process this class started, so none outlives it whichever step failed. */
    private final List<Process> launched = new CopyOnWriteArrayList<>();
    private final int[] clientPorts = new int[3];
    private final int[] clusterPorts = new int[3];
    private String seeds;

    @BeforeAll
    void startCluster() throws Exception {
        Files.createDirectories(logs);
        Set<Integer> chosen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            clientPorts[i] = freePort(chosen);
            clusterPorts[i] = freePort(chosen);
        }
        seeds = "127.0.0.1:" + clusterPorts[0] + ",127.0.0.1:" + clusterPorts[1] + ",127.0.0.1:" + clusterPorts[2];
        // The first forms the cluster; the others join it one after the other.
        for (int i = 0; i < 3; i++) {
            members[i] = awaitStarted(launchMember(i));
        }
        for (int i = 0; i < 3; i++) {
            int member = i;
            awaitMap(i, map -> activeNodes(map).size() == 3 && fullyBackedUp(map, 3),
                    "member " + member + " sees three active members and every partition backed up");
        }
    }

    /**
     * Stops every process launched, including one whose start timed out in {@code @BeforeAll}
     * (JUnit runs this after a failed {@code @BeforeAll} too).
     */
    @AfterAll
    void stopCluster() throws InterruptedException {
        for (Process p : launched) {
            p.destroy();
        }
        for (Process p : launched) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Order(1)
    void twoClientsOnTwoMembersSeeEachOthersWritesAndLiveEvents() throws InterruptedException {
        try (TestClient watcher = TestClient.authenticated(members[1].port(), "watcher");
             TestClient writer = TestClient.authenticated(members[0].port(), "writer")) {
            watcher.send(querySub("q1", "cl-chat"));
            assertEquals(Map.of(), rows(nextOfType(watcher, "QUERY_RESP")));

            writer.send(Msg.opBatch(Msg.put("w1", "cl-chat", "hello", "from member 0", System.currentTimeMillis())));
            nextOfType(writer, "OP_ACK");
            Value update = nextOfType(watcher, "QUERY_UPDATE");
            assertEquals("hello", Msg.str(update, "payload.key"));
            assertEquals("ENTER", Msg.str(update, "payload.changeType"));
            assertEquals("from member 0", Msg.str(update, "payload.value"));

            // The other way round, with the watcher as writer and the writer holding a query.
            writer.send(querySub("q2", "cl-chat"));
            assertEquals(Map.of("hello", "from member 0"), rows(nextOfType(writer, "QUERY_RESP")));
            watcher.send(Msg.opBatch(Msg.put("w2", "cl-chat", "reply", "from member 1", System.currentTimeMillis())));
            nextOfType(watcher, "OP_ACK");
            Value event = nextOfType(writer, "SERVER_EVENT");
            assertEquals("reply", Msg.str(event, "payload.key"));
            assertEquals("PUT", Msg.str(event, "payload.eventType"));

            // A third member, where neither client is, holds both (after the owners' changes reach it).
            Map<String, String> both = Map.of("hello", "from member 0", "reply", "from member 1");
            assertEquals(both, awaitHolding(members[2].port(), "cl-chat", both));
        }
    }

    @Test
    @Order(2)
    void everyMemberAnswersTheSamePartitionMapInTopGunsShape() {
        List<Value> maps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (TestClient client = TestClient.authenticated(members[i].port(), "mapper")) {
                client.send(map("type", "PARTITION_MAP_REQUEST", "payload", map("currentVersion", 0)));
                Value m = nextOfType(client, "PARTITION_MAP");
                maps.add(m);
                // A client as new as the member's map gets no answer: the PONG comes next.
                client.send(map("type", "PARTITION_MAP_REQUEST", "payload", map("currentVersion", Msg.num(m, "payload.version"))));
                client.ping();
            }
        }
        Value first = maps.getFirst();
        assertEquals(Partitioning.PARTITION_COUNT, Msg.num(first, "payload.partitionCount"));
        assertTrue(Msg.num(first, "payload.generatedAt") > 0);
        Map<String, String> endpoints = new HashMap<>();
        for (Value node : Msg.get(first, "payload.nodes").asArrayValue()) {
            assertEquals("ACTIVE", Msg.str(node, "status"));
            endpoints.put(Msg.str(node, "nodeId"), Msg.str(node, "endpoints.websocket"));
        }
        Map<String, String> expected = new HashMap<>();
        for (Member m : members) {
            expected.put(m.nodeId(), "ws://127.0.0.1:" + m.port());
        }
        assertEquals(expected, endpoints);
        Map<String, Integer> owned = new HashMap<>();
        List<Value> partitions = Msg.get(first, "payload.partitions").asArrayValue().list();
        assertEquals(Partitioning.PARTITION_COUNT, partitions.size());
        for (int p = 0; p < partitions.size(); p++) {
            Value partition = partitions.get(p);
            assertEquals(p, Msg.num(partition, "partitionId"));
            String owner = Msg.str(partition, "ownerNodeId");
            List<Value> backups = Msg.get(partition, "backupNodeIds").asArrayValue().list();
            assertEquals(1, backups.size(), "one backup per partition: " + partition);
            assertNotEquals(owner, backups.getFirst().asStringValue().asString());
            owned.merge(owner, 1, Integer::sum);
        }
        assertEquals(expected.keySet(), owned.keySet(), "every member owns partitions: " + owned);
        for (Value other : maps) {
            assertEquals(Msg.get(first, "payload.partitions"), Msg.get(other, "payload.partitions"),
                    "all members tell clients the same owners");
        }
    }

    @Test
    @Order(3)
    void aTopicPublishedOnOneMemberReachesTheSubscribersOfEveryMemberOnce() {
        try (TestClient publisher = TestClient.authenticated(members[0].port(), "publisher");
             TestClient local = TestClient.authenticated(members[0].port(), "local");
             TestClient second = TestClient.authenticated(members[1].port(), "second");
             TestClient third = TestClient.authenticated(members[2].port(), "third")) {
            List<TestClient> subscribers = List.of(publisher, local, second, third);
            for (TestClient c : subscribers) {
                c.send(map("type", "TOPIC_SUB", "payload", map("topic", "cl-news")));
                c.ping(); // the subscription is in place
            }
            for (int i = 1; i <= 3; i++) {
                publisher.send(map("type", "TOPIC_PUB", "payload", map("topic", "cl-news", "data", "m" + i)));
            }
            for (TestClient c : List.of(local, second, third)) {
                for (int i = 1; i <= 3; i++) {
                    assertEquals("m" + i, Msg.str(nextOfType(c, "TOPIC_MESSAGE"), "payload.data"), "in publish order");
                }
            }
            // The other way: a subscriber on member 2 publishes; the publisher on member 0 hears it.
            third.send(map("type", "TOPIC_PUB", "payload", map("topic", "cl-news", "data", "back")));
            for (TestClient c : List.of(publisher, local, second)) {
                assertEquals("back", Msg.str(nextOfType(c, "TOPIC_MESSAGE"), "payload.data"));
            }
            Duration wait = Duration.ofSeconds(1); // for all at once: anything more would have arrived by then
            for (TestClient c : subscribers) {
                assertEquals(List.of(), topicMessages(c.drain(wait)),
                        "each publication arrives once, and never back at its publisher");
                wait = Duration.ZERO;
            }
        }
    }

    @Test
    @Order(4)
    void aLockIsHeldOnceForTheWholeClusterWithTokensIncreasing() throws InterruptedException {
        try (TestClient a = TestClient.authenticated(members[0].port(), "a");
             TestClient b = TestClient.authenticated(members[1].port(), "b");
             TestClient c = TestClient.authenticated(members[2].port(), "c")) {
            long first = granted(lock(a, "r1", "cl-lock", null));
            assertEquals("LOCK_RELEASED", Msg.type(lock(b, "r2", "cl-lock", null)), "held on member 0");
            assertEquals("LOCK_RELEASED", Msg.type(lock(c, "r3", "cl-lock", null)), "held on member 0");

            a.send(map("type", "LOCK_RELEASE", "payload", map("requestId", "u1", "name", "cl-lock", "fencingToken", first)));
            assertTrue(Msg.get(nextOfType(a, "LOCK_RELEASED"), "payload.success").asBooleanValue().getBoolean());
            long second = granted(lock(b, "r4", "cl-lock", null));
            assertTrue(second > first, "tokens increase across members: " + first + ", " + second);
            assertEquals("LOCK_RELEASED", Msg.type(lock(c, "r5", "cl-lock", null)));

            b.close(); // a closed connection frees its lock, wherever the lock's owner is
            long third = awaitGranted(c, "cl-lock", Duration.ofSeconds(10));
            assertTrue(third > second, "tokens increase: " + second + ", " + third);

            long leased = granted(lock(a, "r6", "cl-lease", 1_000L));
            assertEquals("LOCK_RELEASED", Msg.type(lock(c, "r7", "cl-lease", null)), "leased on member 0");
            long afterExpiry = awaitGranted(c, "cl-lease", Duration.ofSeconds(10));
            assertTrue(afterExpiry > leased, "an expired lease is free, its token is not reused");
        }
    }

    @Test
    @Order(5)
    void countersSyncedOnThreeMembersConvergeToTheSumEverywhereWithUpdatesPushed() {
        List<TestClient> watchers = new ArrayList<>();
        List<TestClient> writers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                TestClient watcher = TestClient.authenticated(members[i].port(), "watcher" + i);
                watchers.add(watcher);
                watcher.send(map("type", "COUNTER_REQUEST", "payload", map("name", "cl-likes")));
                assertEquals(0.0, Msg.counterValue(nextOfType(watcher, "COUNTER_RESPONSE")));
                writers.add(TestClient.authenticated(members[i].port(), "writer" + i));
            }
            for (int i = 0; i < 3; i++) {
                writers.get(i).send(map("type", "COUNTER_SYNC", "payload", map("name", "cl-likes",
                        "state", map("p", map("client-" + i, (double) (1 << i)), "n", map()))));
            }
            for (TestClient c : watchers) {
                assertEquals(7.0, awaitCounter(c, 7.0), "1 + 2 + 4 on every member");
            }
            for (TestClient c : writers) {
                assertEquals(7.0, awaitCounter(c, 7.0), "the writers are subscribed by their sync");
            }
            for (int i = 0; i < 3; i++) {
                try (TestClient late = TestClient.authenticated(members[i].port(), "late")) {
                    late.send(map("type", "COUNTER_REQUEST", "payload", map("name", "cl-likes")));
                    assertEquals(7.0, Msg.counterValue(nextOfType(late, "COUNTER_RESPONSE")));
                }
            }
        } finally {
            watchers.forEach(TestClient::close);
            writers.forEach(TestClient::close);
        }
    }

    @Test
    @Order(6)
    void aMapsMerkleRootIsTheSameOnEveryMember() throws InterruptedException {
        try (TestClient writer = TestClient.authenticated(members[0].port(), "writer")) {
            List<Value> puts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                puts.add(Msg.put("m" + i, "cl-merkle", "k" + i, "v" + i, System.currentTimeMillis()));
            }
            writer.send(Msg.opBatch(puts.toArray(Value[]::new)));
            nextOfType(writer, "OP_ACK");
        }
        String root = merkleRoot(0, "cl-merkle");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (int i = 1; i < 3; i++) {
            String other = merkleRoot(i, "cl-merkle");
            while (!root.equals(other) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                other = merkleRoot(i, "cl-merkle");
            }
            assertEquals(root, other, "member " + i + "'s tree of a map written through member 0");
        }
        assertNotEquals(merkleRoot(0, "cl-merkle-empty"), root, "the root depends on the records");
    }

    /**
     * Each member journals every write it applies, a client's or one replicated from another
     * member, so any member's journal holds every write of the cluster, each once (its sequence
     * numbers are the member's own).
     */
    @Test
    @Order(7)
    void aJournalOnAnyMemberHoldsTheWritesMadeThroughAnotherEachOnce() throws InterruptedException {
        long now = System.currentTimeMillis();
        List<String> expected = List.of("PUT a one", "PUT b two", "DELETE a null", "PUT c x");
        try (TestClient subscriber = TestClient.authenticated(members[1].port(), "journal-sub");
             TestClient writer = TestClient.authenticated(members[0].port(), "writer")) {
            subscriber.send(map("type", "JOURNAL_SUBSCRIBE", "requestId", "cj", "mapName", "cl-journal"));
            subscriber.ping(); // the subscription is in place
            // One request each, so no member sees only a later state of "a" than the PUT.
            for (Value op : List.of(Msg.put("p1", "cl-journal", "a", "one", now), Msg.put("p2", "cl-journal", "b", "two", now),
                    map("id", "r1", "mapName", "cl-journal", "key", "a", "opType", "REMOVE",
                            "record", map("value", null, "timestamp", Msg.timestamp(now + 1, 0, "client-1"))),
                    map("id", "o1", "mapName", "cl-journal", "key", "c", "opType", "OR_ADD",
                            "orRecord", map("value", "x", "timestamp", Msg.timestamp(now, 0, "client-1"), "tag", "t1")))) {
                writer.send(Msg.opBatch(op));
                nextOfType(writer, "OP_ACK");
            }

            List<Value> pushed = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                Value event = Msg.get(nextOfType(subscriber, "JOURNAL_EVENT"), "event");
                assertEquals("cl-journal", Msg.str(event, "mapName"));
                assertEquals("client-1", Msg.str(event, "nodeId"), "the write's own node, not the member's");
                assertEquals(Msg.str(event, "type").equals("DELETE") ? now + 1 : now, Msg.num(event, "timestamp.millis"));
                pushed.add(event);
            }
            assertEquals(Set.copyOf(expected), Set.copyOf(journalLines(pushed)), "member 1's pushes: " + pushed);
            assertTrue(journalLines(pushed).indexOf("PUT a one") < journalLines(pushed).indexOf("DELETE a null"),
                    "a key's entries in the order it was written: " + pushed);
            List<Long> sequences = pushed.stream().map(e -> Long.parseLong(Msg.str(e, "sequence"))).toList();
            for (int i = 1; i < sequences.size(); i++) {
                assertTrue(sequences.get(i) > sequences.get(i - 1), "pushed in sequence order: " + sequences);
            }
        }
        // After the fact, from a member with no client of the writes, and from the writer's own,
        // where the owners' echo of its writes must not be journaled again.
        for (int member : new int[] {2, 0, 1}) {
            List<String> read = awaitJournal(member, "cl-journal", expected.size());
            assertEquals(expected.size(), read.size(), "member " + member + "'s journal: " + read);
            assertEquals(Set.copyOf(expected), Set.copyOf(read), "member " + member + "'s journal: " + read);
        }
    }

    /**
     * Search runs on each member's replica: a SEARCH on one member finds documents written through
     * another (also once its index exists), and a live SEARCH_SUB gets their SEARCH_UPDATEs.
     */
    @Test
    @Order(8)
    void searchOnAnyMemberFindsDocumentsWrittenThroughAnotherAndLiveSearchesFollowThem() throws InterruptedException {
        try (TestClient live = TestClient.authenticated(members[1].port(), "live");
             TestClient writer = TestClient.authenticated(members[0].port(), "writer")) {
            live.send(map("type", "SEARCH_SUB", "payload",
                    map("subscriptionId", "cs", "mapName", "cl-search", "query", "tomatoes")));
            assertEquals(List.of(), searchKeys(nextOfType(live, "SEARCH_RESP")));

            write(writer, "cl-search", "a1", map("title", "Tomatoes", "body", "growing tomatoes indoors"));
            write(writer, "cl-search", "a2", map("title", "Beans", "body", "climbing beans"));
            Value enter = nextOfType(live, "SEARCH_UPDATE");
            assertEquals("cs", Msg.str(enter, "payload.subscriptionId"));
            assertEquals("a1", Msg.str(enter, "payload.key"));
            assertEquals("ENTER", Msg.str(enter, "payload.changeType"));
            assertTrue(Msg.get(enter, "payload.score").asFloatValue().toDouble() > 0, "scored: " + enter);
            assertEquals("tomatoes", Msg.get(enter, "payload.matchedTerms").asArrayValue().get(0).asStringValue().asString());

            // Member 2 builds its index on the first search, then keeps it current with replicated writes.
            assertEquals(List.of("a1"), awaitSearch(2, "cl-search", "tomatoes", List.of("a1")));
            write(writer, "cl-search", "a3", map("title", "Soup", "body", "tomatoes and basil"));
            writer.send(Msg.opBatch(map("id", "r1", "mapName", "cl-search", "key", "a1", "opType", "REMOVE")));
            nextOfType(writer, "OP_ACK");
            assertEquals(List.of("a3"), awaitSearch(2, "cl-search", "tomatoes", List.of("a3")));

            Set<String> changes = new HashSet<>();
            while (!changes.containsAll(Set.of("ENTER a3", "LEAVE a1"))) {
                Value update = nextOfType(live, "SEARCH_UPDATE");
                changes.add(Msg.str(update, "payload.changeType") + " " + Msg.str(update, "payload.key"));
            }
            assertEquals(Set.of("ENTER a3", "LEAVE a1"), changes, "nothing for a record the query does not match");
        }
    }

    @Test
    @Order(9)
    void killingAMemberUnderWritesLosesNoAcknowledgedWriteAndMovesItsPartitions() throws Exception {
        Member victim = members[2];
        Value before = requestMap(1);
        long versionBefore = Msg.num(before, "payload.version");
        Set<Integer> victimOwns = ownedBy(before, victim.nodeId());
        Map<String, String> acked = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Integer> writing;
        try (TestClient watcher = TestClient.authenticated(members[1].port(), "watcher");
             TestClient writer = TestClient.authenticated(members[0].port(), "writer");
             TestClient holder = TestClient.authenticated(victim.port(), "holder");
             TestClient waiter = TestClient.authenticated(members[1].port(), "waiter")) {
            long heldOnVictim = granted(lock(holder, "h1", "cl-lock-of-dead", null));
            assertEquals("LOCK_RELEASED", Msg.type(lock(waiter, "w0", "cl-lock-of-dead", null)));
            // Fire and wait through member 0, which owns none of the keys written first.
            writing = CompletableFuture.supplyAsync(() -> fireAndWait(writer, "cl-fire", victimOwns, acked, stop));
            Thread.sleep(1_000);
            int ackedBeforeKill = acked.size();
            victim.process().destroyForcibly(); // SIGKILL: no goodbye to the cluster
            assertTrue(victim.process().waitFor(10, TimeUnit.SECONDS));

            Value pushed = awaitPush(watcher, map -> Msg.num(map, "payload.version") > versionBefore
                    && failedNodes(map).contains(victim.nodeId()) && fullyBackedUp(map, 2));
            for (Value partition : Msg.get(pushed, "payload.partitions").asArrayValue()) {
                assertNotEquals(victim.nodeId(), Msg.str(partition, "ownerNodeId"));
            }
            Thread.sleep(1_000);
            stop.set(true);
            int total = writing.get(30, TimeUnit.SECONDS);
            assertTrue(ackedBeforeKill > 0 && acked.size() > ackedBeforeKill,
                    "writes were acknowledged before and after the kill: " + ackedBeforeKill + ", " + acked.size()
                            + " of " + total);
            // A survivor that took none of these writes from a client holds every acknowledged one.
            Map<String, String> survivor = awaitHolding(members[1].port(), "cl-fire", acked);
            assertTrue(survivor.entrySet().containsAll(acked.entrySet()), missing(acked, survivor));
            // The lock a client of the dead member held (no ttl) is freed once the cluster sees it gone.
            assertTrue(awaitGranted(waiter, "cl-lock-of-dead", Duration.ofSeconds(30)) > heldOnVictim);
        }

        // Restarted empty (memory store), the member reads every record back from the cluster: the
        // writes to partitions it owned when it died lived on in their backups.
        members[2] = awaitStarted(launchMember(2));
        try (TestClient reader = TestClient.authenticated(members[2].port(), "reader")) {
            reader.send(querySub("rejoined", "cl-fire"));
            Map<String, String> rejoined = rows(nextOfType(reader, "QUERY_RESP"));
            assertTrue(rejoined.entrySet().containsAll(acked.entrySet()), missing(acked, rejoined));
        }
        Value after = awaitMap(1, map -> activeNodes(map).size() == 3 && fullyBackedUp(map, 3), "member rejoined");
        assertTrue(Msg.num(after, "payload.version") > versionBefore);
    }

    @Test
    @Order(10)
    void aMemberStoppedWithSigtermHandsOverItsPartitionsLosesNoWriteAndIsNotMarkedFailed() throws Exception {
        Member leaving = members[1];
        Value before = requestMap(0);
        long versionBefore = Msg.num(before, "payload.version");
        Set<Integer> leavingOwns = ownedBy(before, leaving.nodeId());
        assertTrue(!leavingOwns.isEmpty(), "the member leaving owns partitions");
        Map<String, String> acked = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (TestClient watcher = TestClient.authenticated(members[0].port(), "watcher");
             TestClient writer = TestClient.authenticated(members[2].port(), "writer");
             TestClient holder = TestClient.authenticated(leaving.port(), "holder");
             TestClient waiter = TestClient.authenticated(members[0].port(), "waiter")) {
            long heldOnLeaving = granted(lock(holder, "h1", "cl-lock-of-leaving", null));
            CompletableFuture<Integer> writing = CompletableFuture.supplyAsync(
                    () -> fireAndWait(writer, "cl-term", leavingOwns, acked, stop));
            Thread.sleep(1_000);
            int ackedBefore = acked.size();
            leaving.process().destroy(); // SIGTERM
            assertTrue(leaving.process().waitFor(60, TimeUnit.SECONDS), "the member stopped");

            // Every map pushed until the member is gone lists it ACTIVE or not at all, never FAILED.
            long deadline = System.nanoTime() + SETTLE.toNanos();
            Value gone = null;
            while (gone == null && System.nanoTime() < deadline) {
                Value m = nextOfType(watcher, t -> t.equals("PARTITION_MAP"), SETTLE);
                assertFalse(failedNodes(m).contains(leaving.nodeId()),
                        "a member that left gracefully is not failed: " + Msg.get(m, "payload.nodes"));
                if (!activeNodes(m).contains(leaving.nodeId()) && fullyBackedUp(m, 2)) {
                    gone = m;
                }
            }
            assertTrue(gone != null, "a map without the member that left was pushed within " + SETTLE);
            assertTrue(Msg.num(gone, "payload.version") > versionBefore);
            for (Value node : Msg.get(gone, "payload.nodes").asArrayValue()) {
                assertNotEquals(leaving.nodeId(), Msg.str(node, "nodeId"), "no longer listed");
            }
            Thread.sleep(500);
            stop.set(true);
            int total = writing.get(30, TimeUnit.SECONDS);
            assertTrue(ackedBefore > 0 && acked.size() > ackedBefore,
                    "writes were acknowledged before and after the stop: " + ackedBefore + ", " + acked.size()
                            + " of " + total);
            Map<String, String> survivor = awaitHolding(members[0].port(), "cl-term", acked);
            assertTrue(survivor.entrySet().containsAll(acked.entrySet()), missing(acked, survivor));
            assertTrue(awaitGranted(waiter, "cl-lock-of-leaving", Duration.ofSeconds(10)) > heldOnLeaving,
                    "the leaving member's lock is free");
        }
    }

    @Test
    @Order(0)
    void aSingleNodeLoadsNoClusterClass() throws Exception {
        Path classLog = logs.resolve("classes.log");
        Process single = launch(List.of("-Xlog:class+load=info:file=" + classLog), "--port", "0", "--host", "127.0.0.1",
                "--node-id", "single");
        try {
            int port = readPort(single);
            try (TestClient client = TestClient.authenticated(port, "solo")) {
                client.send(Msg.opBatch(Msg.put("1", "m", "k", "v", System.currentTimeMillis())));
                client.expect("OP_ACK");
                client.send(map("type", "PARTITION_MAP_REQUEST"));
                client.ping(); // no answer on a single node
            }
        } finally {
            single.destroy();
            single.waitFor(20, TimeUnit.SECONDS);
        }
        String loaded = Files.readString(classLog);
        assertTrue(loaded.contains("dev.syncbench.service.WriteService"), "the class log works");
        assertFalse(loaded.contains("com.hazelcast."), "a single node loads no Hazelcast class");
        assertFalse(loaded.contains("dev.syncbench.cluster."), "a single node loads nothing of the cluster package");
    }

    /** Batches of 4 PUTs, each awaited, until told to stop; records each acknowledged key and value. */
    private static int fireAndWait(TestClient writer, String mapName, Set<Integer> victimOwns,
                                   Map<String, String> acked, AtomicBoolean stop) {
        int sent = 0;
        int batch = 0;
        while (!stop.get()) {
            batch++;
            Map<String, String> ops = new HashMap<>();
            List<Value> values = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String key = "key-" + batch + "-" + i;
                // Half the keys in partitions the victim owns, so they are in flight when it dies.
                while ((i % 2 == 0) != victimOwns.contains(Partitioning.partitionOf(key))) {
                    key = key + "x";
                }
                String value = "v" + batch + "." + i;
                ops.put(key, value);
                values.add(Msg.put("b" + batch + "-" + i, mapName, key, value, System.currentTimeMillis()));
            }
            writer.send(Msg.opBatch(values.toArray(Value[]::new)));
            sent += ops.size();
            Value answer = nextOfType(writer, t -> t.equals("OP_ACK") || t.equals("ERROR"), Duration.ofSeconds(30));
            if ("OP_ACK".equals(Msg.type(answer))) {
                acked.putAll(ops);
            }
            try {
                Thread.sleep(10); // a paced writer: enough batches in flight at the kill, few enough to read back
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return sent;
    }

    /**
     * The map's rows as a member's QUERY_RESP gives them, read again until they include every
     * entry expected or 15 s have passed: members other than the writer's learn of a change from
     * its owner, a few milliseconds after the OP_ACK.
     */
    private static Map<String, String> awaitHolding(int port, String mapName, Map<String, String> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Map<String, String> held;
            try (TestClient reader = TestClient.authenticated(port, "reader")) {
                reader.send(querySub("read", mapName));
                held = rows(nextOfType(reader, "QUERY_RESP"));
            }
            if (held.entrySet().containsAll(expected.entrySet()) || System.nanoTime() > deadline) {
                return held;
            }
            Thread.sleep(200);
        }
    }

    private static String missing(Map<String, String> acked, Map<String, String> held) {
        List<String> lost = new ArrayList<>();
        acked.forEach((k, v) -> {
            if (!v.equals(held.get(k))) {
                lost.add(k + "=" + v + " (held " + held.get(k) + ")");
            }
        });
        return lost.size() + " of " + acked.size() + " acknowledged writes missing: " + lost.stream().limit(10).toList();
    }

    /** The answer to a LOCK_REQUEST: LOCK_GRANTED, or LOCK_RELEASED when refused. */
    private static Value lock(TestClient client, String requestId, String name, Long ttl) {
        Value payload = ttl == null ? map("requestId", requestId, "name", name)
                : map("requestId", requestId, "name", name, "ttl", ttl);
        client.send(map("type", "LOCK_REQUEST", "payload", payload));
        Value answer = nextOfType(client, t -> t.equals("LOCK_GRANTED") || t.equals("LOCK_RELEASED"), TestClient.WAIT);
        assertEquals(requestId, Msg.str(answer, "payload.requestId"));
        return answer;
    }

    private static long granted(Value answer) {
        assertEquals("LOCK_GRANTED", Msg.type(answer), "granted: " + answer);
        return Msg.num(answer, "payload.fencingToken");
    }

    /** Asks for the lock every 100 ms until granted; its token. */
    private static long awaitGranted(TestClient client, String name, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        for (int attempt = 0; ; attempt++) {
            Value answer = lock(client, "retry-" + attempt, name, null);
            if ("LOCK_GRANTED".equals(Msg.type(answer))) {
                return Msg.num(answer, "payload.fencingToken");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("lock " + name + " not granted within " + wait);
            }
            Thread.sleep(100);
        }
    }

    /** Reads COUNTER_UPDATEs until one shows {@code wanted}; each is at least the one before. */
    private static double awaitCounter(TestClient client, double wanted) {
        double last = Double.NEGATIVE_INFINITY;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (last != wanted && System.nanoTime() < deadline) {
            double value = Msg.counterValue(nextOfType(client, t -> t.equals("COUNTER_UPDATE"), Duration.ofSeconds(15)));
            assertTrue(value >= last, "a counter never goes back: " + last + " then " + value);
            last = value;
        }
        return last;
    }

    /** One PUT through {@code writer}, awaited. */
    private static void write(TestClient writer, String mapName, String key, Value value) {
        writer.send(Msg.opBatch(Msg.put("w-" + key, mapName, key, value, System.currentTimeMillis())));
        nextOfType(writer, "OP_ACK");
    }

    /** "TYPE key value" for each journal entry, in the order given. */
    private static List<String> journalLines(List<Value> events) {
        return events.stream().map(e -> Msg.str(e, "type") + " " + Msg.str(e, "key") + " " + Msg.str(e, "value")).toList();
    }

    /**
     * A member's journal of one map (JOURNAL_READ from the start), read again until it holds
     * {@code count} entries or 15 s have passed; then read once more half a second later, so a
     * late duplicate would show.
     */
    private List<String> awaitJournal(int member, String mapName, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<String> read = readJournal(member, mapName);
        while (read.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            read = readJournal(member, mapName);
        }
        Thread.sleep(500);
        return readJournal(member, mapName);
    }

    private List<String> readJournal(int member, String mapName) {
        try (TestClient reader = TestClient.authenticated(members[member].port(), "journal-reader")) {
            reader.send(map("type", "JOURNAL_READ", "requestId", "jr", "fromSequence", "0", "limit", 1000, "mapName", mapName));
            Value response = nextOfType(reader, "JOURNAL_READ_RESPONSE");
            assertFalse(Msg.get(response, "hasMore").asBooleanValue().getBoolean());
            return journalLines(Msg.get(response, "events").asArrayValue().list());
        }
    }

    /** A member's SEARCH hits, asked again until they are {@code wanted} or 15 s have passed. */
    private List<String> awaitSearch(int member, String mapName, String query, List<String> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            List<String> found;
            try (TestClient searcher = TestClient.authenticated(members[member].port(), "searcher")) {
                searcher.send(map("type", "SEARCH", "payload", map("requestId", "s", "mapName", mapName, "query", query)));
                found = searchKeys(nextOfType(searcher, "SEARCH_RESP"));
            }
            if (found.equals(wanted) || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(200);
        }
    }

    private static List<String> searchKeys(Value searchResp) {
        return Msg.get(searchResp, "payload.results").asArrayValue().list().stream()
                .map(hit -> Msg.str(hit, "key")).toList();
    }

    private String merkleRoot(int member, String mapName) {
        try (TestClient client = TestClient.authenticated(members[member].port(), "syncer")) {
            client.send(map("type", "SYNC_INIT", "mapName", mapName));
            return Msg.get(nextOfType(client, "SYNC_RESP_ROOT"), "payload.rootHash").toJson();
        }
    }

    private static List<Value> topicMessages(List<Value> frames) {
        return frames.stream().filter(f -> "TOPIC_MESSAGE".equals(Msg.type(f))).toList();
    }

    private static Value querySub(String queryId, String mapName) {
        return map("type", "QUERY_SUB", "payload", map("queryId", queryId, "mapName", mapName, "query", map()));
    }

    private static Map<String, String> rows(Value queryResp) {
        Map<String, String> rows = new HashMap<>();
        for (Value row : Msg.get(queryResp, "payload.results").asArrayValue()) {
            rows.put(Msg.str(row, "key"), Msg.str(row, "value"));
        }
        return rows;
    }

    private static Set<String> activeNodes(Value map) {
        return nodesWithStatus(map, "ACTIVE");
    }

    /** The partitions a PARTITION_MAP gives to the member {@code nodeId}. */
    private static Set<Integer> ownedBy(Value map, String nodeId) {
        Set<Integer> owned = new HashSet<>();
        for (Value partition : Msg.get(map, "payload.partitions").asArrayValue()) {
            if (nodeId.equals(Msg.str(partition, "ownerNodeId"))) {
                owned.add((int) Msg.num(partition, "partitionId"));
            }
        }
        return owned;
    }

    private static Set<String> failedNodes(Value map) {
        return nodesWithStatus(map, "FAILED");
    }

    private static Set<String> nodesWithStatus(Value map, String status) {
        Set<String> ids = new HashSet<>();
        for (Value node : Msg.get(map, "payload.nodes").asArrayValue()) {
            if (status.equals(Msg.str(node, "status"))) {
                ids.add(Msg.str(node, "nodeId"));
            }
        }
        return ids;
    }

    /** Every partition owned by an active member and backed up on another one. */
    private static boolean fullyBackedUp(Value map, int activeMembers) {
        Set<String> active = activeNodes(map);
        if (active.size() != activeMembers) {
            return false;
        }
        for (Value partition : Msg.get(map, "payload.partitions").asArrayValue()) {
            List<Value> backups = Msg.get(partition, "backupNodeIds").asArrayValue().list();
            if (!active.contains(Msg.str(partition, "ownerNodeId")) || backups.size() != 1
                    || !active.contains(backups.getFirst().asStringValue().asString())) {
                return false;
            }
        }
        return true;
    }

    private Value requestMap(int member) {
        try (TestClient client = TestClient.authenticated(members[member].port(), "mapper")) {
            client.send(map("type", "PARTITION_MAP_REQUEST", "payload", map("currentVersion", 0)));
            return nextOfType(client, "PARTITION_MAP");
        }
    }

    private Value awaitMap(int member, Predicate<Value> settled, String what) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Value last = null;
        while (System.nanoTime() < deadline) {
            last = requestMap(member);
            if (settled.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not settled within " + SETTLE + ": " + what + "; last map " + last);
    }

    /** The first PARTITION_MAP pushed to {@code client} that satisfies {@code wanted}. */
    private static Value awaitPush(TestClient client, Predicate<Value> wanted) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            Value m = nextOfType(client, t -> t.equals("PARTITION_MAP"), SETTLE);
            if (wanted.test(m)) {
                return m;
            }
        }
        throw new AssertionError("no PARTITION_MAP as wanted was pushed within " + SETTLE);
    }

    private static Value nextOfType(TestClient client, String type) {
        return nextOfType(client, type::equals, TestClient.WAIT);
    }

    /** The next frame whose type matches, skipping others (a pushed PARTITION_MAP, live events). */
    private static Value nextOfType(TestClient client, Predicate<String> type, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Value v;
            try {
                v = client.next();
            } catch (AssertionError quiet) {
                continue; // nothing for a while: keep waiting until our own deadline
            }
            if (type.test(Msg.type(v))) {
                return v;
            }
        }
        throw new AssertionError("no frame of the type wanted within " + wait);
    }

    private Process launchMember(int i) throws IOException {
        return launch(List.of(), "--port", String.valueOf(clientPorts[i]), "--host", "127.0.0.1",
                "--node-id", "node-" + (i + 1), "--cluster-port", String.valueOf(clusterPorts[i]), "--seed-nodes", seeds);
    }

    private Member awaitStarted(Process process) throws Exception {
        int port = readPort(process);
        int i = -1;
        for (int j = 0; j < 3; j++) {
            if (clientPorts[j] == port) {
                i = j;
            }
        }
        return new Member("node-" + (i + 1), port, clusterPorts[i], process);
    }

    private Process launch(List<String> jvmOptions, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = System.getProperty("syncbench.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no server jar at " + jar + " (run through 'mvn verify')");
        }
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JWT_SECRET", Tokens.SECRET);
        builder.environment().put("STORAGE_BACKEND", "memory");
        builder.environment().remove("PORT");
        builder.environment().remove("TOPGUN_NO_AUTH");
        builder.environment().remove("SEED_NODES");
        Path log = logs.resolve("server-" + System.nanoTime() + ".err");
        builder.redirectError(log.toFile());
        Process process = builder.start();
        launched.add(process);
        LOGS.put(process.pid(), log);
        return process;
    }

    private static int readPort(Process process) throws Exception {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                first.complete(stdout.readLine());
            } catch (IOException e) {
                first.complete(null);
            }
        });
        String line;
        try {
            line = first.get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no PORT= within 90 s; its log: " + logOf(process));
        }
        assertTrue(line != null && line.matches("PORT=\\d+"), "first stdout line was " + line + "; its log: " + logOf(process));
        return Integer.parseInt(line.substring("PORT=".length()));
    }

    /** The end of a server's stderr, for a failure message. */
    private static String logOf(Process process) {
        try {
            String log = Files.readString(LOGS.get(process.pid()));
            return log.substring(Math.max(0, log.length() - 4000));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * A port free to listen on, chosen below the OS's ephemeral range (32768 and up on Linux, 49152
     * and up elsewhere): a member's outgoing connections to seeds not yet started take ephemeral
     * ports, and one of them took a port picked from that range before its member could listen on it.
     */
    private static int freePort(Set<Integer> chosen) throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_768);
            if (!chosen.contains(port) && canListenOn(port)) {
                chosen.add(port);
                return port;
            }
        }
        throw new IOException("no free port between 20000 and 32767");
    }

    private static boolean canListenOn(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
