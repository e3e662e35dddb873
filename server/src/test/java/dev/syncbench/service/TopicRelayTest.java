package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.TopicPub;
import dev.syncbench.protocol.TopicSub;
import dev.syncbench.support.Msg;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** Cluster mode's topics as the service sees them: what it relays to other members, what it delivers from them. */
class TopicRelayTest {
    private final TopicService topics = new TopicService(new MessageCodec(), () -> 1234L);
    private final List<String> relayedTopics = new ArrayList<>();
    private final List<Value> relayedFrames = new ArrayList<>();
    private final RecordingSubscriber publisher = new RecordingSubscriber(1);
    private final RecordingSubscriber subscriber = new RecordingSubscriber(2);

    TopicRelayTest() {
        topics.setRelay((topic, frame) -> {
            relayedTopics.add(topic);
            relayedFrames.add(Msg.decode(frame));
        });
    }

    private static RecordValue data(String s) {
        return RecordValue.of(ValueFactory.newString(s));
    }

    @Test
    void everyPublishIsRelayedOnceAsTheFrameLocalSubscribersGet() {
        topics.subscribe(subscriber, new TopicSub("news"));
        topics.publish(publisher, new TopicPub("news", data("one")));

        assertEquals(List.of("news"), relayedTopics);
        assertEquals(subscriber.events, relayedFrames, "other members' subscribers get the same TOPIC_MESSAGE");
        assertEquals("one", Msg.str(relayedFrames.getFirst(), "payload.data"));
        assertEquals(1234L, Msg.num(relayedFrames.getFirst(), "payload.timestamp"));
    }

    @Test
    void aTopicNobodyFollowsHereIsStillRelayed() {
        topics.publish(publisher, new TopicPub("elsewhere", data("x")));
        assertEquals(List.of("elsewhere"), relayedTopics);
        assertEquals(0, publisher.events.size());
    }

    @Test
    void aRelayedPublicationReachesEveryLocalSubscriberAndIsNotRelayedAgain() {
        topics.subscribe(publisher, new TopicSub("news"));
        topics.subscribe(subscriber, new TopicSub("news"));
        byte[] frame = new MessageCodec().encode(new dev.syncbench.protocol.TopicMessage("news", data("far"), null, 99L));

        topics.deliverRelayed("news", frame);
        topics.deliverRelayed("nobody-here", frame);

        assertEquals(1, publisher.events.size(), "the publisher was on another member: every local subscriber gets it");
        assertEquals("far", Msg.str(subscriber.events.getFirst(), "payload.data"));
        assertEquals(List.of(), relayedTopics, "no echo back to the cluster");
    }
}
