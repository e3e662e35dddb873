package dev.syncbench.store;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * The durable half of a backend: where {@link DurableRecordStore} writes the state of every
 * changed entry and reads all of them back at start-up. One writer thread calls it, one group of
 * changes at a time.
 */
public interface DurableLog extends AutoCloseable {

    /** Hands every stored entry to {@code sink}, once, before the first write. */
    void load(BiConsumer<StoreKey, byte[]> sink);

    /**
     * Writes the group as one atomic unit (a null state deletes its entry); returns once it is in
     * the log, synced to disk when the log was opened to sync.
     */
    void write(List<StoredChange> changes) throws StoreWriteException;

    /** Called before a write retried after a failure, to clear what the failure left behind. */
    default void recover() {
    }

    /** Whether a completed write is synced to stable storage, not only handed to the OS. */
    boolean syncs();

    /** Says where the data lives, for the start-up log line. */
    String description();

    @Override
    void close();
}
