package dev.syncbench.protocol;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrRecord;

/**
 * SERVER_EVENT {payload:{mapName, eventType, key, record?, orRecord?, orTag?}}: an applied change
 * sent to other subscribers of the map; null fields are omitted.
 */
public record ServerEvent(
        String mapName,
        String eventType,
        String key,
        LwwRecord record,
        OrRecord orRecord,
        String orTag) implements ServerMessage {
    public static final String TYPE = "SERVER_EVENT";

    @Override
    public String type() {
        return TYPE;
    }
}
