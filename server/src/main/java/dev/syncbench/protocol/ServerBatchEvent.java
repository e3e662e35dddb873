package dev.syncbench.protocol;

import java.util.List;

/** SERVER_BATCH_EVENT {payload:{events}}: several SERVER_EVENT payloads in one frame. */
public record ServerBatchEvent(List<ServerEvent> events) implements ServerMessage {
    public static final String TYPE = "SERVER_BATCH_EVENT";

    @Override
    public String type() {
        return TYPE;
    }
}
