package dev.syncbench.protocol;

/** AUTH_REQUIRED (flat, S→C): sent on connect; the server never sets {@code reason}. */
public record AuthRequired(String reason) implements ServerMessage {
    public static final String TYPE = "AUTH_REQUIRED";

    @Override
    public String type() {
        return TYPE;
    }
}
