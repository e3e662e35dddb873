package dev.syncbench.protocol;

/** TOPIC_UNSUB {payload:{topic}}; no reply. */
public record TopicUnsub(String topic) implements ClientMessage {
    public static final String TYPE = "TOPIC_UNSUB";

    @Override
    public String type() {
        return TYPE;
    }
}
