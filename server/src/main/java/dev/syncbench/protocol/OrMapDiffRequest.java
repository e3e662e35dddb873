package dev.syncbench.protocol;

import java.util.List;

/** ORMAP_DIFF_REQUEST {payload:{mapName, keys}}: asks for the full OR state of these keys. */
public record OrMapDiffRequest(String mapName, List<String> keys) implements ClientMessage {
    public static final String TYPE = "ORMAP_DIFF_REQUEST";

    @Override
    public String type() {
        return TYPE;
    }
}
