package dev.syncbench.store;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.PnCounter;
import dev.syncbench.journal.Journal;
import dev.syncbench.journal.JournalEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Serves every read from memory, as {@link MemoryRecordStore} does, and keeps a durable log of
 * it: each request hands {@link #persist} the keys it changed, and their states reach the log in
 * one group write with other requests' (see {@link GroupCommitter}). At start-up the whole log is
 * read back into memory, so queries, Merkle trees and reads cost what they cost in memory.
 *
 * <p>The journal's entries are logged the same way, keyed by sequence: a request hands in the
 * sequences it appended (and the ones they dropped, which delete), so an acknowledged write's
 * entry is in the same group write as its record.
 */
public final class DurableRecordStore implements RecordStore {
    private static final Logger LOG = Logger.getLogger(DurableRecordStore.class.getName());

    private final MemoryRecordStore memory = new MemoryRecordStore();
    private final DurableLog log;
    private final GroupCommitter committer;
    /** Used by the writer thread only, through {@link #currentState}. */
    private final RecordCodec.Encoder encoder = new RecordCodec.Encoder();

    private final Journal journal;

    /** Loads everything {@code log} holds, without a journal; takes ownership of the log. */
    public DurableRecordStore(DurableLog log) {
        this(log, new Journal(0));
    }

    /**
     * Loads everything {@code log} holds, the journal's entries into {@code journal} (those beyond
     * its capacity are deleted from the log); takes ownership of the log.
     */
    public DurableRecordStore(DurableLog log, Journal journal) {
        this.log = log;
        this.journal = journal;
        List<Long> dropped;
        try {
            long[] loaded = new long[1];
            List<JournalEntry> journalEntries = new ArrayList<>();
            log.load((key, state) -> {
                load(key, state, journalEntries);
                loaded[0]++;
            });
            dropped = journal.restore(journalEntries);
            LOG.info(() -> "loaded " + loaded[0] + " stored entries from " + log.description());
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        this.committer = new GroupCommitter(log, this::currentState);
        if (!dropped.isEmpty()) {
            try {
                committer.persist(dropped.stream().map(StoreKey::journal).toList());
            } catch (StoreUnavailableException e) {
                // Kept in the writer's backlog: deleted once the log takes writes again.
                LOG.warning(() -> "journal entries beyond retention not yet deleted: " + e.getMessage());
            }
        }
    }

    private void load(StoreKey key, byte[] state, List<JournalEntry> journalEntries) {
        try {
            switch (key.kind()) {
                case JOURNAL -> journalEntries.add(RecordCodec.decodeJournal(state));
                case LWW -> memory.putLww(key.mapName(), key.key(), RecordCodec.decodeLww(state));
                case OR -> memory.putOr(key.mapName(), key.key(), RecordCodec.decodeOr(state));
                case COUNTER -> memory.putCounter(key.key(), RecordCodec.decodeCounter(state));
            }
        } catch (IllegalArgumentException e) {
            throw new StoreOpenException(log.description() + " is corrupt: entry " + key + " is "
                    + e.getMessage() + "; nothing was changed");
        }
    }

    /** The state the log should hold for a key now; null deletes it. Called on the writer thread. */
    private byte[] currentState(StoreKey key) {
        return switch (key.kind()) {
            case LWW -> {
                LwwRecord record = memory.getLww(key.mapName(), key.key());
                yield record == null ? null : encoder.lww(record);
            }
            case OR -> {
                OrMapEntry entry = memory.getOr(key.mapName(), key.key());
                yield entry == null || entry.isEmpty() ? null : encoder.or(entry);
            }
            case COUNTER -> {
                PnCounter counter = memory.getCounter(key.key());
                yield counter == null ? null : encoder.counter(counter);
            }
            case JOURNAL -> {
                JournalEntry entry = journal.get(Long.parseLong(key.key()));
                yield entry == null ? null : encoder.journal(entry);
            }
        };
    }

    @Override
    public LwwRecord getLww(String mapName, String key) {
        return memory.getLww(mapName, key);
    }

    @Override
    public void putLww(String mapName, String key, LwwRecord record) {
        memory.putLww(mapName, key, record);
    }

    @Override
    public OrMapEntry getOr(String mapName, String key) {
        return memory.getOr(mapName, key);
    }

    @Override
    public void putOr(String mapName, String key, OrMapEntry entry) {
        memory.putOr(mapName, key, entry);
    }

    @Override
    public void forEachLww(String mapName, BiConsumer<String, LwwRecord> action) {
        memory.forEachLww(mapName, action);
    }

    @Override
    public void forEachOr(String mapName, BiConsumer<String, OrMapEntry> action) {
        memory.forEachOr(mapName, action);
    }

    @Override
    public void removeLww(String mapName, String key) {
        memory.removeLww(mapName, key);
    }

    @Override
    public Set<String> lwwMapNames() {
        return memory.lwwMapNames();
    }

    @Override
    public long lwwRecordCount() {
        return memory.lwwRecordCount();
    }

    @Override
    public PnCounter getCounter(String name) {
        return memory.getCounter(name);
    }

    @Override
    public void putCounter(String name, PnCounter state) {
        memory.putCounter(name, state);
    }

    @Override
    public void removeCounter(String name) {
        memory.removeCounter(name);
    }

    @Override
    public void forEachCounter(BiConsumer<String, PnCounter> action) {
        memory.forEachCounter(action);
    }

    @Override
    public void persist(Collection<StoreKey> keys) {
        committer.persist(keys);
    }

    @Override
    public boolean acceptsWrites() {
        return committer.failure() == null;
    }

    @Override
    public String unavailableReason() {
        return committer.failure();
    }

    @Override
    public boolean logsChanges() {
        return true;
    }

    @Override
    public boolean isDurable() {
        return log.syncs();
    }

    /** Writes what is pending, then closes the log. */
    @Override
    public void close() {
        committer.close();
        log.close();
    }
}
