package dev.syncbench.service;

import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.TopicMessage;
import dev.syncbench.protocol.TopicPub;
import dev.syncbench.protocol.TopicSub;
import dev.syncbench.protocol.TopicUnsub;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Publish/subscribe topics (PROTOCOL §8, reference §9.1), in memory only. A publish reaches every
 * subscriber but its publisher, encoded once. Each topic has one total order: a publish hands its
 * frame to every subscriber's queue while holding the topic's lock, so all subscribers see a
 * topic's messages in the same order, and one publisher's messages in the order it sent them.
 * In cluster mode a publish also goes to the other members' subscribers through a {@link TopicRelay},
 * each member's stream in the order it published (streams of different members may interleave
 * differently on each member).
 */
public final class TopicService {
    private final MessageCodec codec;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    /** Topics each connection subscribed to, for disconnect cleanup. */
    private final ConcurrentHashMap<Long, Set<String>> topicsBySession = new ConcurrentHashMap<>();
    /** Null on a single node. */
    private volatile TopicRelay relay;

    /** A topic's subscribers, and the lock that orders its publishes (a ReentrantLock: no carrier pinning on Java 21). */
    private static final class Topic {
        final Map<Long, ClientSession> subscribers = new ConcurrentHashMap<>();
        final ReentrantLock publishing = new ReentrantLock();
    }

    /** {@code clock} gives the wall-clock milliseconds stamped on each TOPIC_MESSAGE. */
    public TopicService(MessageCodec codec, LongSupplier clock) {
        this.codec = codec;
        this.clock = clock;
    }

    /** Cluster mode: from now on publishes also go to the other members. */
    public void setRelay(TopicRelay relay) {
        this.relay = relay;
    }

    public void subscribe(ClientSession session, TopicSub sub) {
        String name = sub.topic();
        if (rejectInvalid(session, name)) {
            return;
        }
        topics.compute(name, (n, topic) -> {
            Topic t = topic == null ? new Topic() : topic;
            t.subscribers.put(session.id(), session);
            return t;
        });
        topicsBySession.computeIfAbsent(session.id(), id -> ConcurrentHashMap.newKeySet()).add(name);
    }

    public void unsubscribe(ClientSession session, TopicUnsub unsub) {
        String name = unsub.topic();
        if (rejectInvalid(session, name)) {
            return;
        }
        leave(session.id(), name);
        topicsBySession.computeIfPresent(session.id(), (id, names) -> {
            names.remove(name);
            return names.isEmpty() ? null : names;
        });
    }

    public void publish(ClientSession session, TopicPub pub) {
        String name = pub.topic();
        if (rejectInvalid(session, name)) {
            return;
        }
        TopicRelay cluster = relay;
        Topic topic = topics.get(name);
        if (topic == null) {
            if (cluster != null) {
                cluster.relay(name, encode(pub));
            }
            return;
        }
        topic.publishing.lock();
        try {
            // Stamped and encoded inside the lock so timestamps never go backwards within a topic.
            byte[] frame = cluster == null ? null : encode(pub);
            for (ClientSession subscriber : topic.subscribers.values()) {
                if (subscriber.id() == session.id()) {
                    continue;
                }
                if (frame == null) {
                    frame = encode(pub);
                }
                subscriber.sendEvent(frame);
            }
            if (cluster != null) {
                cluster.relay(name, frame);
            }
        } finally {
            topic.publishing.unlock();
        }
    }

    /** A publication made on another member: its frame goes to every subscriber here. */
    public void deliverRelayed(String name, byte[] frame) {
        Topic topic = topics.get(name);
        if (topic == null) {
            return;
        }
        topic.publishing.lock();
        try {
            for (ClientSession subscriber : topic.subscribers.values()) {
                subscriber.sendEvent(frame);
            }
        } finally {
            topic.publishing.unlock();
        }
    }

    /** publisherId is left out over WebSocket, as TopGun does. */
    private byte[] encode(TopicPub pub) {
        return codec.encode(new TopicMessage(pub.topic(), pub.data(), null, clock.getAsLong()));
    }

    /** Ends every subscription of the closed connection. */
    public void disconnected(ClientSession session) {
        Set<String> names = topicsBySession.remove(session.id());
        if (names != null) {
            names.forEach(name -> leave(session.id(), name));
        }
    }

    /** Removes the subscriber, and the topic once nobody listens, so idle topics cost nothing. */
    private void leave(long sessionId, String name) {
        topics.computeIfPresent(name, (n, topic) -> {
            topic.subscribers.remove(sessionId);
            return topic.subscribers.isEmpty() ? null : topic;
        });
    }

    private static boolean rejectInvalid(ClientSession session, String name) {
        if (ResourceName.isValid(name)) {
            return false;
        }
        session.send(new ErrorMessage(400, "invalid topic name " + ResourceName.quote(name)
                + ": use 1-" + ResourceName.MAX_LENGTH + " characters of A-Z a-z 0-9 _ - . : /", null));
        return true;
    }
}
