package dev.syncbench.store;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.PnCounter;
import java.util.Collection;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Where records live. Callers serialize writes per partition (see PartitionTable); reads may run
 * concurrently with writes. Every implementation serves from memory; a durable one also logs the
 * entries a request changed, and {@link #persist} returns once they are in its log.
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

    /** Names of the maps holding OR-Map entries. */
    Set<String> orMapNames();

    /** A counter's state, or null when the store holds none. */
    PnCounter getCounter(String name);

    /** Callers serialize changes per counter name. */
    void putCounter(String name, PnCounter state);

    void removeCounter(String name);

    void forEachCounter(BiConsumer<String, PnCounter> action);

    /**
     * Returns once the current state of every key given (put or removed above) is in the durable
     * log, written together with whatever else was pending: as soon as the log allows, never under
     * a partition lock. A key whose write changed nothing is given too, since the newer state that
     * won may itself not be logged yet. Does nothing in a store without a log.
     *
     * @throws StoreUnavailableException when the log cannot take the write; the changes stay in
     *         memory and are written again once the log takes writes
     */
    void persist(Collection<StoreKey> keys);

    /**
     * False while the durable log cannot take writes (after a failed write, until a retry
     * succeeds): callers then refuse writes before applying anything.
     */
    boolean acceptsWrites();

    /** Why writes are refused, while {@link #acceptsWrites} is false. */
    String unavailableReason();

    /** Whether {@link #persist} writes anything: false for a store without a log, which callers may then skip building keys for. */
    default boolean logsChanges() {
        return false;
    }

    /** Whether persisted changes are synced to disk, which lets writes be acknowledged as PERSISTED. */
    boolean isDurable();

    @Override
    void close();
}
