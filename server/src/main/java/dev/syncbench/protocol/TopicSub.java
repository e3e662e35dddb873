package dev.syncbench.protocol;

/** TOPIC_SUB {payload:{topic}}; no reply. */
public record TopicSub(String topic) implements ClientMessage {
    public static final String TYPE = "TOPIC_SUB";

    @Override
    public String type() {
        return TYPE;
    }
}
