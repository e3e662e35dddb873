package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;

/** ERROR {payload:{code, message, details?}}; {@code details} is any MessagePack value, omitted when null. */
public record ErrorMessage(int code, String message, RecordValue details) implements ServerMessage {
    public static final String TYPE = "ERROR";

    @Override
    public String type() {
        return TYPE;
    }
}
