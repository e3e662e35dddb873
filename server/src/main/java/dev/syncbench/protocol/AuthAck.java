package dev.syncbench.protocol;

/** AUTH_ACK (flat, S→C): {@code userId} is the token's subject; both fields are omitted when null. */
public record AuthAck(String userId, Long protocolVersion) implements ServerMessage {
    public static final String TYPE = "AUTH_ACK";

    @Override
    public String type() {
        return TYPE;
    }
}
