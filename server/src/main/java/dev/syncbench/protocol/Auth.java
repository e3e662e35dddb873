package dev.syncbench.protocol;

/** AUTH (flat, C→S): a JWT; protocolVersion is accepted and ignored, deviceToken is optional. */
public record Auth(String token, Long protocolVersion, String deviceToken) implements ClientMessage {
    public static final String TYPE = "AUTH";

    @Override
    public String type() {
        return TYPE;
    }
}
