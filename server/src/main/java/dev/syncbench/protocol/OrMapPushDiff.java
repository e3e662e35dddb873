package dev.syncbench.protocol;

import java.util.List;

/** ORMAP_PUSH_DIFF {payload:{mapName, entries}}: the client's OR state to merge; answered by OP_ACK. */
public record OrMapPushDiff(String mapName, List<OrMapEntry> entries) implements ClientMessage {
    public static final String TYPE = "ORMAP_PUSH_DIFF";

    @Override
    public String type() {
        return TYPE;
    }
}
