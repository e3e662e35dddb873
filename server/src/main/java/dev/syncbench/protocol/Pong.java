package dev.syncbench.protocol;

/** PONG (flat, S→C): the echoed PING timestamp and the server's clock in ms. */
public record Pong(long timestamp, long serverTime) implements ServerMessage {
    public static final String TYPE = "PONG";

    @Override
    public String type() {
        return TYPE;
    }
}
