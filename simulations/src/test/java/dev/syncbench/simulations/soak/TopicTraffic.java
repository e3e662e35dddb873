package dev.syncbench.simulations.soak;

import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.ProtocolSocket;
import dev.syncbench.simulations.wire.Tokens;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's pub/sub: {@code publishers} connections each publish to one topic every
 * {@code everyMs}, and one more connection subscribes to it and counts the TOPIC_MESSAGEs; at the
 * end every published message must have reached it. Each connection has its own thread.
 */
final class TopicTraffic implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PING_EVERY = Duration.ofSeconds(15);

    private final String topic;
    private final List<ProtocolSocket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure;
    private volatile boolean publishing = true;
    private volatile boolean closing;

    private TopicTraffic(String topic) {
        this.topic = topic;
    }

    static TopicTraffic start(URI url, Tokens tokens, String topic, int publishers, long everyMs, Duration timeout)
            throws IOException {
        TopicTraffic traffic = new TopicTraffic(topic);
        if (publishers == 0) {
            return traffic;
        }
        ProtocolSocket subscriber = ProtocolSocket.open(url, tokens.forConnection(3_000_000L), timeout);
        traffic.sockets.add(subscriber);
        subscriber.send(Frames.topicSub(topic));
        // TOPIC_SUB has no reply: a PING answered after it means the subscription is in place
        subscriber.send(Frames.ping(System.currentTimeMillis()));
        if (!"PONG".equals(subscriber.nextType(timeout))) {
            throw new IOException("the topic subscriber got no PONG after TOPIC_SUB");
        }
        traffic.threads.add(Thread.ofPlatform().daemon().name("syncbench-soak-topic-sub")
                .start(() -> traffic.receive(subscriber)));
        for (int i = 0; i < publishers; i++) {
            ProtocolSocket publisher = ProtocolSocket.open(url, tokens.forConnection(3_000_001L + i), timeout);
            traffic.sockets.add(publisher);
            traffic.threads.add(Thread.ofPlatform().daemon().name("syncbench-soak-publisher-" + i)
                    .start(() -> traffic.publish(publisher, everyMs)));
        }
        return traffic;
    }

    private void receive(ProtocolSocket socket) {
        long nextPing = System.nanoTime() + PING_EVERY.toNanos();
        try {
            while (!closing) {
                byte[] frame = socket.nextOrNull(POLL);
                if (frame != null && "TOPIC_MESSAGE".equals(AckReader.typeOf(frame))) {
                    received.incrementAndGet();
                }
                if (System.nanoTime() - nextPing > 0) {
                    socket.send(Frames.ping(System.currentTimeMillis()));
                    nextPing = System.nanoTime() + PING_EVERY.toNanos();
                }
            }
        } catch (IOException e) {
            fail("topic subscriber: " + e.getMessage());
        }
    }

    private void publish(ProtocolSocket socket, long everyMs) {
        long seq = 0;
        try {
            while (publishing) {
                socket.send(Frames.topicPub(topic, seq++));
                published.incrementAndGet();
                // the publisher reads nothing else: draining keeps its queue empty and sees a close
                while (socket.nextOrNull(Duration.ZERO) != null) {
                    // no reply to TOPIC_PUB is expected; anything else is ignored
                }
                Thread.sleep(everyMs);
            }
        } catch (IOException e) {
            if (!closing) {
                fail("publisher: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(String why) {
        if (!closing) {
            failures.incrementAndGet();
            lastFailure = why;
        }
    }

    /** Stops publishing and waits up to {@code drain} until the subscriber has every message. */
    void stopPublishing(Duration drain) {
        publishing = false;
        threads.stream().skip(1).forEach(thread -> join(thread, 2_000));
        long deadline = System.nanoTime() + drain.toNanos();
        while (received.get() < published.get() && System.nanoTime() - deadline < 0) {
            sleep(50);
        }
    }

    long published() {
        return published.get();
    }

    long received() {
        return received.get();
    }

    long failures() {
        return failures.get();
    }

    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        publishing = false;
        closing = true;
        threads.forEach(thread -> join(thread, 2_000));
        sockets.forEach(ProtocolSocket::close);
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
