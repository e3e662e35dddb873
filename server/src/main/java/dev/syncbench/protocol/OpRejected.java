package dev.syncbench.protocol;

/** OP_REJECTED {payload:{opId, reason, code}}: one op of a request could not be applied (400, 403 or 413). */
public record OpRejected(String opId, String reason, int code) implements ServerMessage {
    public static final String TYPE = "OP_REJECTED";

    @Override
    public String type() {
        return TYPE;
    }
}
