package dev.syncbench.protocol;

/** COUNTER_REQUEST {payload:{name}}: read and subscribe to a PN-counter. */
public record CounterRequest(String name) implements ClientMessage {
    public static final String TYPE = "COUNTER_REQUEST";

    @Override
    public String type() {
        return TYPE;
    }
}
