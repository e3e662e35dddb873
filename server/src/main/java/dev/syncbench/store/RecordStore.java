package dev.syncbench.store;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Where records live. Callers serialize writes per partition (see PartitionTable); reads may run
 * concurrently with writes. Memory today; a durable backend plugs in behind the same methods.
 */
public interface RecordStore extends AutoCloseable {

    LwwRecord getLww(String mapName, String key);

    void putLww(String mapName, String key, LwwRecord record);

    OrMapEntry getOr(String mapName, String key);

    void putOr(String mapName, String key, OrMapEntry entry);

    void forEachLww(String mapName, BiConsumer<String, LwwRecord> action);

    void forEachOr(String mapName, BiConsumer<String, OrMapEntry> action);

    /** Drops a key's LWW record entirely (tombstone pruning); callers hold the key's partition. */
    void removeLww(String mapName, String key);

    /** Names of the maps holding LWW records. */
    Set<String> lwwMapNames();

    long lwwRecordCount();

    /** Whether a completed put survives a crash, which lets writes be acknowledged as PERSISTED. */
    boolean isDurable();

    @Override
    void close();
}
