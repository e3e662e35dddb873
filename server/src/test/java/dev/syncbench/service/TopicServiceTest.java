package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.TopicPub;
import dev.syncbench.protocol.TopicSub;
import dev.syncbench.protocol.TopicUnsub;
import dev.syncbench.support.Msg;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

class TopicServiceTest {
    private final TopicService topics = new TopicService(new MessageCodec(), () -> 1234L);
    private final RecordingSubscriber publisher = new RecordingSubscriber(1);
    private final RecordingSubscriber subscriber = new RecordingSubscriber(2);

    private static RecordValue data(String s) {
        return RecordValue.of(ValueFactory.newString(s));
    }

    @Test
    void publishReachesSubscribersButNotThePublisher() {
        topics.subscribe(publisher, new TopicSub("news"));
        topics.subscribe(subscriber, new TopicSub("news"));
        topics.publish(publisher, new TopicPub("news", data("hello")));

        assertEquals(0, publisher.events.size());
        assertEquals(1, subscriber.events.size());
        var message = subscriber.events.getFirst();
        assertEquals("TOPIC_MESSAGE", Msg.type(message));
        assertEquals("news", Msg.str(message, "payload.topic"));
        assertEquals("hello", Msg.str(message, "payload.data"));
        assertEquals(1234L, Msg.num(message, "payload.timestamp"));
        assertEquals(null, Msg.get(message, "payload.publisherId"));
    }

    @Test
    void publishingToATopicNobodyFollowsIsSilent() {
        topics.publish(publisher, new TopicPub("empty", data("x")));
        assertEquals(0, publisher.replies.size());
        assertEquals(0, publisher.events.size());
    }

    @Test
    void disconnectEndsEverySubscription() {
        topics.subscribe(subscriber, new TopicSub("a"));
        topics.subscribe(subscriber, new TopicSub("b"));
        topics.disconnected(subscriber);
        topics.publish(publisher, new TopicPub("a", data("1")));
        topics.publish(publisher, new TopicPub("b", data("2")));
        assertEquals(0, subscriber.events.size());
    }

    @Test
    void unsubscribeStopsDeliveryOfThatTopicOnly() {
        topics.subscribe(subscriber, new TopicSub("a"));
        topics.subscribe(subscriber, new TopicSub("b"));
        topics.unsubscribe(subscriber, new TopicUnsub("a"));
        topics.publish(publisher, new TopicPub("a", data("1")));
        topics.publish(publisher, new TopicPub("b", data("2")));
        assertEquals(1, subscriber.events.size());
        assertEquals("b", Msg.str(subscriber.events.getFirst(), "payload.topic"));
    }

    @Test
    void invalidNamesGetError400AndChangeNothing() {
        topics.subscribe(subscriber, new TopicSub("bad name"));
        topics.unsubscribe(subscriber, new TopicUnsub(""));
        topics.publish(publisher, new TopicPub("bad*", data("x")));
        assertEquals(2, subscriber.replies.size());
        assertEquals(1, publisher.replies.size());
        ErrorMessage error = assertInstanceOf(ErrorMessage.class, subscriber.replies.getFirst());
        assertEquals(400, error.code());
        assertTrue(error.message().contains("'bad name'"), error.message());
    }
}
