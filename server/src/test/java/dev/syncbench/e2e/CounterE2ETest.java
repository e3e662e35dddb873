package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.support.Await;
import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/** PN-counters over real WebSockets (PROTOCOL §8, reference §9.3). */
class CounterE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static Value counterRequest(String name) {
        return map("type", "COUNTER_REQUEST", "payload", map("name", name));
    }

    private static Value counterSync(String name, Value state) {
        return map("type", "COUNTER_SYNC", "payload", map("name", name, "state", state));
    }

    private static Value state(String node, double p, double n) {
        return map("p", map(node, p), "n", map(node, n));
    }

    private static double side(Value message, String side) {
        return Msg.get(message, "payload.state." + side).asMapValue().map().values().stream()
                .mapToDouble(v -> v.asNumberValue().toDouble()).sum();
    }

    @Test
    void requestSubscribesAndSyncUpdatesEverySubscriberAndTheSender() {
        try (TestClient watcher = TestClient.authenticated(server.port(), "watcher");
             TestClient writer = TestClient.authenticated(server.port(), "writer");
             TestClient bystander = TestClient.authenticated(server.port(), "bystander")) {
            watcher.send(counterRequest("likes"));
            Value response = watcher.expect("COUNTER_RESPONSE");
            assertEquals("likes", Msg.str(response, "payload.name"));
            assertEquals(0.0, Msg.counterValue(response));

            writer.send(counterSync("likes", state("w", 10, 3)));
            Value own = writer.expect("COUNTER_UPDATE");
            Value seen = watcher.expect("COUNTER_UPDATE");
            assertEquals("likes", Msg.str(own, "payload.name"));
            assertEquals(7.0, Msg.counterValue(own));
            assertEquals(7.0, Msg.counterValue(seen));
            assertTrue(Msg.get(seen, "payload.state.p.w").isFloatValue(), "PN values travel as float64");
            bystander.ping();

            // The sync subscribed the writer: it now sees the watcher's syncs too.
            watcher.send(counterSync("likes", state("v", 5, 0)));
            assertEquals(12.0, Msg.counterValue(watcher.expect("COUNTER_UPDATE")));
            assertEquals(12.0, Msg.counterValue(writer.expect("COUNTER_UPDATE")));

            // A stale state changes nothing: merging takes the max per node.
            writer.send(counterSync("likes", state("w", 1, 0)));
            assertEquals(12.0, Msg.counterValue(writer.expect("COUNTER_UPDATE")));

            bystander.send(counterRequest("likes"));
            assertEquals(12.0, Msg.counterValue(bystander.expect("COUNTER_RESPONSE")));
        }
    }

    @Test
    void concurrentSyncsFromSeveralNodesConverge() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int nodes = 4;
        int rounds = 25;
        List<TestClient> clients = new ArrayList<>();
        double expected = 0;
        List<double[]> plans = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            clients.add(TestClient.authenticated(server.port(), "node" + i));
            double[] plan = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                plan[r] = random.nextInt(21) - 10;
            }
            plans.add(plan);
        }
        try {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                TestClient client = clients.get(i);
                double[] plan = plans.get(i);
                String node = "node" + i;
                threads.add(Thread.ofVirtual().start(() -> {
                    double p = 0;
                    double n = 0;
                    for (double delta : plan) {
                        if (delta >= 0) {
                            p += delta;
                        } else {
                            n -= delta;
                        }
                        client.send(counterSync("converge", state(node, p, n)));
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            double expectedP = 0;
            double expectedN = 0;
            for (double[] plan : plans) {
                for (double delta : plan) {
                    expectedP += Math.max(delta, 0);
                    expectedN += Math.max(-delta, 0);
                }
            }
            expected = expectedP - expectedN;
            // Each node reads updates until the complete state; the states it sees never go backwards.
            for (TestClient client : clients) {
                double lastP = -1;
                double lastN = -1;
                while (lastP != expectedP || lastN != expectedN) {
                    Value update = client.expect("COUNTER_UPDATE");
                    double p = side(update, "p");
                    double n = side(update, "n");
                    assertTrue(p >= lastP && n >= lastN, "seed " + seed + ": the state went backwards");
                    lastP = p;
                    lastN = n;
                }
            }
            TestClient first = clients.getFirst();
            first.send(counterRequest("converge"));
            // Syncs that changed nothing still send an update; any still in flight carry the final state.
            Value response = first.next();
            while ("COUNTER_UPDATE".equals(Msg.type(response))) {
                assertEquals(expected, Msg.counterValue(response), "seed " + seed);
                response = first.next();
            }
            assertEquals("COUNTER_RESPONSE", Msg.type(response));
            assertEquals(expected, Msg.counterValue(response), "seed " + seed);
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    @Test
    void aBadStateIsRefusedWith400AndChangesNothing() {
        try (TestClient client = TestClient.authenticated(server.port(), "c")) {
            client.send(counterSync("guarded", state("a", 4, 1)));
            assertEquals(3.0, Msg.counterValue(client.expect("COUNTER_UPDATE")));
            Value[] badStates = {
                    map("p", map("a", -5.0), "n", map()),
                    map("p", map("a", 100.0), "n", map("a", "lots")),
                    map("p", Msg.list(1, 2), "n", map()),
                    Msg.value("not a state"),
            };
            for (Value bad : badStates) {
                client.send(counterSync("guarded", bad));
                Value error = client.expect("ERROR");
                assertEquals(400, Msg.num(error, "payload.code"), "for " + bad);
                assertTrue(Msg.str(error, "payload.message").contains("state"), Msg.str(error, "payload.message"));
            }
            client.send(counterRequest("guarded"));
            assertEquals(3.0, Msg.counterValue(client.expect("COUNTER_RESPONSE")));
        }
    }

    @Test
    void aDisconnectedSubscriberIsDroppedAndOthersStillGetUpdates() {
        try (TestClient stays = TestClient.authenticated(server.port(), "stays")) {
            TestClient leaves = TestClient.authenticated(server.port(), "leaves");
            leaves.send(counterRequest("visits"));
            leaves.expect("COUNTER_RESPONSE");
            stays.send(counterRequest("visits"));
            stays.expect("COUNTER_RESPONSE");
            long open = server.metrics().connectionsActive();
            leaves.closeGracefully();
            Await.until(() -> server.metrics().connectionsActive() < open);
            assertTrue(server.metrics().connectionsActive() < open, "the server never saw the close");
            stays.send(counterSync("visits", state("s", 2, 0)));
            assertEquals(2.0, Msg.counterValue(stays.expect("COUNTER_UPDATE")));
            assertEquals(List.of(), stays.drain(Duration.ofMillis(100)));
        }
    }
}
