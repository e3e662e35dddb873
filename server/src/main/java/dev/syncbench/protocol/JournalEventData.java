package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;

/**
 * One journal entry on the wire: {@code {sequence (decimal string), type: PUT|DELETE, mapName,
 * key, value?, timestamp, nodeId}}.
 */
public record JournalEventData(String sequence, String type, String mapName, String key, RecordValue value,
                               Timestamp timestamp, String nodeId) {
}
