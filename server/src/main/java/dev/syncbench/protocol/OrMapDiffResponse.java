package dev.syncbench.protocol;

import java.util.List;

/** ORMAP_DIFF_RESPONSE {payload:{mapName, entries}}: one entry per requested key. */
public record OrMapDiffResponse(String mapName, List<OrMapEntry> entries) implements ServerMessage {
    public static final String TYPE = "ORMAP_DIFF_RESPONSE";

    @Override
    public String type() {
        return TYPE;
    }
}
