package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;

/** TOPIC_PUB {payload:{topic, data}}: {@code data} is any value, kept as its bytes. */
public record TopicPub(String topic, RecordValue data) implements ClientMessage {
    public static final String TYPE = "TOPIC_PUB";

    @Override
    public String type() {
        return TYPE;
    }
}
