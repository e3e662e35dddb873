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
 * different members over real WebSockets. One cluster serves the whole class; the last test kills
 * a member.
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
        for (int i = 0; i < 3; i++) {
            clientPorts[i] = freePort();
            clusterPorts[i] = freePort();
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
    void killingAMemberUnderWritesLosesNoAcknowledgedWriteAndMovesItsPartitions() throws Exception {
        Member victim = members[2];
        Value before = requestMap(1);
        long versionBefore = Msg.num(before, "payload.version");
        Set<Integer> victimOwns = new HashSet<>();
        for (Value partition : Msg.get(before, "payload.partitions").asArrayValue()) {
            if (victim.nodeId().equals(Msg.str(partition, "ownerNodeId"))) {
                victimOwns.add((int) Msg.num(partition, "partitionId"));
            }
        }
        Map<String, String> acked = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Integer> writing;
        try (TestClient watcher = TestClient.authenticated(members[1].port(), "watcher");
             TestClient writer = TestClient.authenticated(members[0].port(), "writer")) {
            // Fire and wait through member 0, which owns none of the keys written first.
            writing = CompletableFuture.supplyAsync(() -> fireAndWait(writer, victimOwns, acked, stop));
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
    private static int fireAndWait(TestClient writer, Set<Integer> victimOwns, Map<String, String> acked,
                                   AtomicBoolean stop) {
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
                values.add(Msg.put("b" + batch + "-" + i, "cl-fire", key, value, System.currentTimeMillis()));
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
