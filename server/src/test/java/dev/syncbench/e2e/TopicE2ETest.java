package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.support.Await;
import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;

/** Topics over real WebSockets (PROTOCOL §8): fan-out to others, per-topic order, unsubscribe, name rules. */
class TopicE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static Value sub(String topic) {
        return map("type", "TOPIC_SUB", "payload", map("topic", topic));
    }

    private static Value unsub(String topic) {
        return map("type", "TOPIC_UNSUB", "payload", map("topic", topic));
    }

    private static Value pub(String topic, Object data) {
        return map("type", "TOPIC_PUB", "payload", map("topic", topic, "data", data));
    }

    @Test
    void aPublishReachesEveryOtherSubscriberButNotThePublisher() {
        try (TestClient alice = TestClient.authenticated(server.port(), "alice");
             TestClient bob = TestClient.authenticated(server.port(), "bob");
             TestClient carol = TestClient.authenticated(server.port(), "carol");
             TestClient outsider = TestClient.authenticated(server.port(), "dave")) {
            for (TestClient c : new TestClient[] {alice, bob, carol}) {
                c.send(sub("chat/room-1"));
                c.ping(); // no reply to TOPIC_SUB: the PONG comes next
            }
            long before = System.currentTimeMillis();
            alice.send(pub("chat/room-1", map("text", "hi", "n", 1)));
            for (TestClient c : new TestClient[] {bob, carol}) {
                Value message = c.expect("TOPIC_MESSAGE");
                assertEquals("chat/room-1", Msg.str(message, "payload.topic"));
                assertEquals(map("text", "hi", "n", 1), Msg.get(message, "payload.data"));
                long timestamp = Msg.num(message, "payload.timestamp");
                assertTrue(timestamp >= before && timestamp <= System.currentTimeMillis(), "server ms: " + timestamp);
            }
            alice.ping(); // the publisher gets nothing back
            outsider.ping();
        }
    }

    @Test
    void aHundredRapidPublishesArriveInOrderAtEachSubscriber() {
        try (TestClient publisher = TestClient.authenticated(server.port(), "pub");
             TestClient first = TestClient.authenticated(server.port(), "s1");
             TestClient second = TestClient.authenticated(server.port(), "s2")) {
            first.send(sub("ticks"));
            first.ping();
            second.send(sub("ticks"));
            second.ping();
            for (int i = 0; i < 100; i++) {
                publisher.send(pub("ticks", i));
            }
            for (TestClient c : new TestClient[] {first, second}) {
                for (int i = 0; i < 100; i++) {
                    assertEquals(i, Msg.num(c.expect("TOPIC_MESSAGE"), "payload.data"));
                }
            }
        }
    }

    @Test
    void twoPublishersInterleaveInOneOrderSeenByAllSubscribers() {
        try (TestClient p1 = TestClient.authenticated(server.port(), "p1");
             TestClient p2 = TestClient.authenticated(server.port(), "p2");
             TestClient s1 = TestClient.authenticated(server.port(), "s1");
             TestClient s2 = TestClient.authenticated(server.port(), "s2")) {
            s1.send(sub("shared"));
            s1.ping();
            s2.send(sub("shared"));
            s2.ping();
            Thread other = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50; i++) {
                    p2.send(pub("shared", "p2-" + i));
                }
            });
            for (int i = 0; i < 50; i++) {
                p1.send(pub("shared", "p1-" + i));
            }
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            java.util.List<String> seen1 = new java.util.ArrayList<>();
            java.util.List<String> seen2 = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                seen1.add(Msg.str(s1.expect("TOPIC_MESSAGE"), "payload.data"));
                seen2.add(Msg.str(s2.expect("TOPIC_MESSAGE"), "payload.data"));
            }
            assertEquals(seen1, seen2);
            assertEquals(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "p1-" + i).toList(),
                    seen1.stream().filter(s -> s.startsWith("p1-")).toList());
        }
    }

    @Test
    void unsubscribeStopsDelivery() {
        try (TestClient publisher = TestClient.authenticated(server.port(), "pub");
             TestClient subscriber = TestClient.authenticated(server.port(), "sub")) {
            subscriber.send(sub("alerts"));
            subscriber.ping();
            publisher.send(pub("alerts", "one"));
            assertEquals("one", Msg.str(subscriber.expect("TOPIC_MESSAGE"), "payload.data"));
            subscriber.send(unsub("alerts"));
            subscriber.ping();
            publisher.send(pub("alerts", "two"));
            publisher.ping();
            assertEquals(java.util.List.of(), subscriber.drain(Duration.ofMillis(200)));
        }
    }

    @Test
    void aClosedSubscriberIsDroppedAndOthersStillReceive() {
        try (TestClient publisher = TestClient.authenticated(server.port(), "pub");
             TestClient stays = TestClient.authenticated(server.port(), "stays")) {
            TestClient leaves = TestClient.authenticated(server.port(), "leaves");
            leaves.send(sub("room"));
            stays.send(sub("room"));
            stays.ping();
            long open = server.metrics().connectionsActive();
            leaves.closeGracefully();
            Await.until(() -> server.metrics().connectionsActive() < open);
            assertTrue(server.metrics().connectionsActive() < open, "the server never saw the close");
            publisher.send(pub("room", "after"));
            assertEquals("after", Msg.str(stays.expect("TOPIC_MESSAGE"), "payload.data"));
            publisher.ping();
        }
    }

    @Test
    void invalidTopicNamesGetError400NamingThemAndChangeNothing() {
        String tooLong = "t".repeat(257);
        try (TestClient publisher = TestClient.authenticated(server.port(), "pub");
             TestClient client = TestClient.authenticated(server.port(), "c")) {
            for (Value bad : new Value[] {sub("has space"), unsub("star*"), pub("", "x"), sub(tooLong), pub("semi;colon", 1)}) {
                client.send(bad);
                Value error = client.expect("ERROR");
                assertEquals(400, Msg.num(error, "payload.code"));
                String topic = Msg.str(bad, "payload.topic");
                String message = Msg.str(error, "payload.message");
                assertTrue(message.contains(topic.length() > 64 ? topic.substring(0, 64) : "'" + topic + "'"), message);
            }
            // The refused subscription did not happen: a publish to that name reaches nobody.
            publisher.send(pub("has space", "x"));
            assertEquals(400, Msg.num(publisher.expect("ERROR"), "payload.code"));
            client.ping();
            // A valid 256-character name works.
            String longest = "t".repeat(256);
            client.send(sub(longest));
            client.ping();
            publisher.send(pub(longest, "ok"));
            assertEquals("ok", Msg.str(client.expect("TOPIC_MESSAGE"), "payload.data"));
        }
    }
}
