package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;

/**
 * TOPIC_MESSAGE {payload:{topic, data, publisherId?, timestamp}}: a publication relayed to the
 * other subscribers.
 */
public record TopicMessage(
        String topic,
        RecordValue data,
        String publisherId,
        long timestamp) implements ServerMessage {
    public static final String TYPE = "TOPIC_MESSAGE";

    @Override
    public String type() {
        return TYPE;
    }
}
