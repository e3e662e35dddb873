package dev.syncbench.protocol;

import dev.syncbench.crdt.OrRecord;
import java.util.List;

/** The OR state of one key: its live records and its tombstoned tags (both written even when empty). */
public record OrMapEntry(String key, List<OrRecord> records, List<String> tombstones) {
}
