package dev.syncbench.service;

/**
 * Where a topic's publications go besides this server's subscribers: nowhere on a single node; in
 * cluster mode to the other members, which hand them to their own subscribers.
 */
public interface TopicRelay {
    /** Sends one publication's encoded TOPIC_MESSAGE frame to the other members; never blocks on them. */
    void relay(String topic, byte[] frame);
}
