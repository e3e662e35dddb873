package dev.syncbench.protocol;

/** PING (flat, C→S): the client's clock in ms, echoed back in PONG. */
public record Ping(long timestamp) implements ClientMessage {
    public static final String TYPE = "PING";

    @Override
    public String type() {
        return TYPE;
    }
}
