package dev.syncbench.protocol;

import dev.syncbench.crdt.LwwRecord;

/** One entry of SYNC_RESP_LEAF. */
public record LeafRecord(String key, LwwRecord record) {
}
