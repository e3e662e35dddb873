package dev.syncbench.journal;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;

/**
 * One applied write as the journal keeps it: a PUT (PUT and OR_ADD ops, with the value written)
 * or a DELETE (REMOVE and OR_REMOVE, no value). The node id is the write's timestamp's.
 */
public record JournalEntry(long sequence, boolean delete, String mapName, String key, RecordValue value,
                           Timestamp timestamp) {

    public String type() {
        return delete ? "DELETE" : "PUT";
    }
}
