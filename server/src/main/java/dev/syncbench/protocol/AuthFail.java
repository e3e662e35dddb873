package dev.syncbench.protocol;

/** AUTH_FAIL (flat, S→C); {@code code} is omitted when null. */
public record AuthFail(String error, Integer code) implements ServerMessage {
    public static final String TYPE = "AUTH_FAIL";

    @Override
    public String type() {
        return TYPE;
    }
}
