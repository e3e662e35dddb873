package dev.syncbench.e2e;

import static dev.syncbench.e2e.QueryE2ETest.tick;
import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.SyncServer;
import dev.syncbench.support.Await;
import dev.syncbench.support.Msg;
import dev.syncbench.support.RawWebSocket;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestServers;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;

/**
 * Clients that stop reading or fall silent, over real sockets: they never hold up another
 * connection's timeouts or the server's shutdown, and what they hold is released as soon as the
 * server decides to close them, not when (or if) the peer answers.
 */
class StalledClientE2ETest {
    /** PROTOCOL.md: a closing connection's socket ends at most this long after the server decides to close it. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(2);
    /** Slack for the reaper's tick and a loaded test machine. */
    private static final Duration SLACK = Duration.ofMillis(700);
    private static final String BIG = "x".repeat(64 * 1024);

    private static Value topicSub(String topic) {
        return map("type", "TOPIC_SUB", "payload", map("topic", topic));
    }

    private static Value publish(String topic) {
        return map("type", "TOPIC_PUB", "payload", map("topic", topic, "data", BIG));
    }

    private static Value lockRequest(String requestId, String name) {
        return map("type", "LOCK_REQUEST", "payload", map("requestId", requestId, "name", name));
    }

    private static Value ping() {
        return map("type", "PING", "timestamp", 1);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static long slowConsumersClosed(SyncServer server) {
        for (String line : server.metrics().prometheusText().split("\n")) {
            if (line.startsWith("syncbench_slow_consumers_closed_total ")) {
                return Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new AssertionError("no slow consumer counter on /metrics");
    }

    /**
     * Leaves {@code stuck} with the server's writes to it blocked: it subscribes to a topic,
     * {@code publisher} sends it more than the sockets hold, then it sends requests whose replies
     * queue behind those events. It reads nothing more.
     */
    private static void stall(RawWebSocket stuck, TestClient publisher, int requests) throws IOException {
        stuck.authenticate("stuck");
        stuck.send(topicSub("flood"));
        stuck.send(ping());
        assertEquals("PONG", Msg.type(stuck.readMessage()), "subscribed");
        for (int i = 0; i < 100; i++) {
            publisher.send(publish("flood"));
        }
        publisher.ping();
        for (int i = 0; i < requests; i++) {
            stuck.send(ping());
        }
    }

    /**
     * Leaves {@code stuck} with its own connection's thread blocked writing replies: it asks for
     * more live-query snapshots than the sockets hold, and reads nothing.
     */
    private static void stallOnReplies(RawWebSocket stuck, TestClient writer, int requests) throws IOException {
        for (int i = 0; i < 16; i++) {
            writer.send(Msg.opBatch(Msg.put("big" + i, "stall-map", "k" + i, BIG, tick())));
            writer.expect("OP_ACK");
        }
        stuck.authenticate("stuck-on-replies");
        for (int i = 0; i < requests; i++) {
            stuck.send(map("type", "QUERY_SUB", "payload", map("queryId", "q" + i, "mapName", "stall-map", "query", map())));
        }
    }

    /** Asks for {@code name} until it is granted; fails if that takes longer than {@code within}. */
    private static void awaitGrant(TestClient client, String name, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Value answer;
        do {
            client.send(lockRequest("retry", name));
            answer = client.next();
        } while ("LOCK_RELEASED".equals(Msg.type(answer)) && System.nanoTime() < deadline);
        assertEquals("LOCK_GRANTED", Msg.type(answer), name + " not freed within " + within);
    }

    /** Issue 9 item 2: the reaper keeps closing other connections on time while one client's writes are stuck. */
    @Test
    void aClientThatStopsReadingDelaysNoOtherConnectionsTimeouts() throws Exception {
        Duration authTimeout = Duration.ofSeconds(1);
        Duration idleTimeout = Duration.ofMillis(1500);
        try (SyncServer server = SyncServer.start(TestServers.config()
                     .authTimeout(authTimeout).idleTimeout(idleTimeout).outboundQueueFrames(256).build());
             TestClient publisher = TestClient.authenticated(server.port(), "publisher");
             RawWebSocket stuck = new RawWebSocket(server.port())) {
            stall(stuck, publisher, 400);
            // Past the stuck client's own idle timeout, so the reaper has already dealt with it.
            Thread.sleep(idleTimeout.toMillis() + 300);

            long start = System.nanoTime();
            try (TestClient unauthenticated = TestClient.connect(server.port());
                 TestClient silent = TestClient.authenticated(server.port(), "silent")) {
                unauthenticated.expect("AUTH_REQUIRED");
                assertEquals(1008, unauthenticated.awaitClose(), "authentication timeout");
                long authClosed = millisSince(start);
                assertTrue(authClosed < authTimeout.plus(SLACK).toMillis(),
                        "unauthenticated socket closed after " + authClosed + " ms, auth timeout " + authTimeout);
                assertEquals(1000, silent.awaitClose(), "idle timeout");
                long idleClosed = millisSince(start);
                assertTrue(idleClosed < idleTimeout.plus(SLACK).toMillis(),
                        "silent socket closed after " + idleClosed + " ms, idle timeout " + idleTimeout);
            }
        }
    }

    /**
     * Issue 9 item 2: a socket write that waits on its client for over 5 s ends the connection,
     * and releases what it holds, though no timeout is due.
     */
    @Test
    void aWriteStuckOnItsClientForOver5sEndsTheConnection() throws Exception {
        try (SyncServer server = SyncServer.start(TestServers.config().build());
             TestClient writer = TestClient.authenticated(server.port(), "writer");
             RawWebSocket stuck = new RawWebSocket(server.port())) {
            stallOnReplies(stuck, writer, 12);
            Await.until(() -> server.queries().subscriptionCount() >= 2);
            long stalled = System.nanoTime();
            Await.until(() -> server.metrics().connectionsActive() == 1);
            long ended = millisSince(stalled);
            assertEquals(1, server.metrics().connectionsActive(), "the stuck connection is ended");
            assertEquals(0, server.queries().subscriptionCount(), "and its live queries are released");
            // The reaper looks every second (the default timeouts' tick).
            assertTrue(ended < Duration.ofSeconds(6).plus(SLACK).toMillis(), "ended " + ended + " ms after its write got stuck");
            writer.ping();
        }
    }

    /** Issue 9 item 3: SyncServer.close (what SIGTERM runs) ends within its grace period despite a client that never reads. */
    @Test
    void shutdownEndsWithinItsGraceDespiteAClientThatNeverReads() throws Exception {
        SyncServer server = SyncServer.start(TestServers.config().outboundQueueFrames(256).build());
        try (TestClient publisher = TestClient.authenticated(server.port(), "publisher");
             TestClient bystander = TestClient.authenticated(server.port(), "bystander");
             RawWebSocket stuck = new RawWebSocket(server.port());
             RawWebSocket stuckOnReplies = new RawWebSocket(server.port())) {
            stall(stuck, publisher, 400);
            stallOnReplies(stuckOnReplies, publisher, 12);
            Await.until(() -> server.queries().subscriptionCount() >= 2);
            long start = System.nanoTime();
            server.close();
            long took = millisSince(start);
            assertTrue(took < Duration.ofSeconds(5).plus(SLACK).toMillis(),
                    "shutdown took " + took + " ms, grace period 5 s");
            assertEquals(1001, bystander.awaitClose(), "a reading client is told the server is going away");
        } finally {
            server.close();
        }
    }

    /**
     * Issue 9 item 4: a slow consumer's subscriptions and locks are released as soon as the server
     * decides to close it, and its socket ends within the close bound although it never reads.
     */
    @Test
    void aSlowConsumerIsReleasedAtOnceAndItsSocketEndsWithinTheBound() throws Exception {
        try (SyncServer server = SyncServer.start(TestServers.config().outboundQueueFrames(16).build());
             TestClient publisher = TestClient.authenticated(server.port(), "publisher");
             TestClient other = TestClient.authenticated(server.port(), "other");
             RawWebSocket slow = new RawWebSocket(server.port())) {
            long decided = makeSlowConsumer(server, publisher, slow);
            awaitGrant(other, "slow-lock", Duration.ofMillis(500));
            Await.until(() -> server.queries().subscriptionCount() == 0);
            assertEquals(0, server.queries().subscriptionCount(), "the slow consumer's live query is ended");
            long released = millisSince(decided);
            assertTrue(released < 500 + SLACK.toMillis(), "released " + released + " ms after the decision");

            Await.until(() -> server.metrics().connectionsActive() == 2);
            long ended = millisSince(decided);
            assertEquals(2, server.metrics().connectionsActive(), "the slow consumer's socket is gone");
            assertTrue(ended < CLOSE_BOUND.plus(SLACK).toMillis(), "socket ended " + ended + " ms after the decision");
            assertEquals(1, slowConsumersClosed(server));
            publisher.ping();
        }
    }

    /** Issue 9 item 4: a slow consumer that reads again sees the 1013 close frame, then the end of the socket. */
    @Test
    void aSlowConsumerThatReadsAgainGets1013AndNothingAfter() throws Exception {
        try (SyncServer server = SyncServer.start(TestServers.config().outboundQueueFrames(16).build());
             TestClient publisher = TestClient.authenticated(server.port(), "publisher");
             RawWebSocket slow = new RawWebSocket(server.port())) {
            long decided = makeSlowConsumer(server, publisher, slow);
            assertEquals(1013, slow.awaitCloseCode(), "closed as slow consumer");
            assertEquals("end", slow.afterClose(), "nothing after the close frame, and the socket ends");
            long ended = millisSince(decided);
            assertTrue(ended < CLOSE_BOUND.plus(SLACK).toMillis(), "socket ended " + ended + " ms after the decision");
        }
    }

    /**
     * {@code slow} takes a lock and subscribes to a live query and a topic, then stops reading
     * while {@code publisher} floods the topic; returns when the server has closed it as a slow
     * consumer ({@link System#nanoTime()}).
     */
    private static long makeSlowConsumer(SyncServer server, TestClient publisher, RawWebSocket slow) throws IOException {
        slow.authenticate("slow");
        slow.send(lockRequest("l", "slow-lock"));
        assertEquals("LOCK_GRANTED", Msg.type(slow.readMessage()));
        slow.send(map("type", "QUERY_SUB", "payload", map("queryId", "q", "mapName", "slow-map", "query", map())));
        assertEquals("QUERY_RESP", Msg.type(slow.readMessage()));
        slow.send(topicSub("flood"));
        slow.send(ping());
        assertEquals("PONG", Msg.type(slow.readMessage()));
        assertEquals(1, server.queries().subscriptionCount());
        for (int i = 0; i < 2000 && slowConsumersClosed(server) == 0; i++) {
            publisher.send(publish("flood"));
            if (i % 8 == 7) {
                publisher.ping();
            }
        }
        assertEquals(1, slowConsumersClosed(server), "the flood made a slow consumer");
        return System.nanoTime();
    }

    /**
     * Issue 9 item 8: a silent peer's lock is freed at its idle timeout, not when it answers the
     * close frame, and its socket ends within the close bound.
     */
    @Test
    void aSilentPeerLosesItsLockAtItsIdleTimeout() throws Exception {
        Duration idleTimeout = Duration.ofSeconds(1);
        try (SyncServer server = SyncServer.start(TestServers.config().idleTimeout(idleTimeout).build());
             TestClient other = TestClient.authenticated(server.port(), "other");
             RawWebSocket silent = new RawWebSocket(server.port())) {
            silent.authenticate("silent");
            silent.send(lockRequest("l", "idle-lock"));
            assertEquals("LOCK_GRANTED", Msg.type(silent.readMessage()));
            long quiet = System.nanoTime();
            awaitGrant(other, "idle-lock", idleTimeout.plus(SLACK));

            assertEquals(1000, silent.awaitCloseCode(), "idle timeout");
            assertEquals("end", silent.afterClose(), "the server ends the socket without waiting for the peer's answer");
            long ended = millisSince(quiet);
            assertTrue(ended < idleTimeout.plus(CLOSE_BOUND).plus(SLACK).toMillis(),
                    "socket ended " + ended + " ms after the peer fell silent");
        }
    }

    /** Issue 9 item 8: an unauthenticated silent peer's connection ends within the bound after its auth timeout. */
    @Test
    void aSilentUnauthenticatedPeerIsDroppedAfterItsAuthTimeout() throws Exception {
        Duration authTimeout = Duration.ofMillis(500);
        try (SyncServer server = SyncServer.start(TestServers.config().authTimeout(authTimeout).build());
             RawWebSocket silent = new RawWebSocket(server.port())) {
            long opened = System.nanoTime();
            assertEquals("AUTH_REQUIRED", Msg.type(silent.readMessage()));
            assertEquals(1008, silent.awaitCloseCode(), "authentication timeout");
            Await.until(() -> server.metrics().connectionsActive() == 0);
            long ended = millisSince(opened);
            assertEquals(0, server.metrics().connectionsActive(), "the connection is gone although the peer never answered");
            assertTrue(ended < authTimeout.plus(CLOSE_BOUND).plus(SLACK).toMillis(), "gone " + ended + " ms after opening");
            assertEquals("end", silent.afterClose());
        }
    }

    /**
     * Issue 9 item 8: the close frame is the last frame, even when the reaper closes a connection
     * while its own thread is answering a stream of requests.
     */
    @Test
    void noReplyFollowsTheCloseFrame() throws Exception {
        try (SyncServer server = SyncServer.start(TestServers.config().authTimeout(Duration.ofMillis(200)).build())) {
            for (int round = 0; round < 10; round++) {
                try (RawWebSocket client = new RawWebSocket(server.port())) {
                    assertEquals("AUTH_REQUIRED", Msg.type(client.readMessage()));
                    AtomicBoolean closed = new AtomicBoolean();
                    Thread pinger = Thread.ofVirtual().start(() -> {
                        try {
                            while (!closed.get()) {
                                client.send(ping());
                            }
                        } catch (IOException e) {
                            // the server ended the socket
                        }
                    });
                    assertEquals(1008, client.awaitCloseCode(), "authentication timeout");
                    closed.set(true);
                    pinger.join();
                    client.sendClose(1000);
                    assertEquals("end", client.afterClose(), "round " + round + ": nothing after the close frame");
                }
            }
        }
    }
}
