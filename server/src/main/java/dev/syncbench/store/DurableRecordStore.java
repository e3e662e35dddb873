package dev.syncbench.store;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.PnCounter;
import dev.syncbench.journal.Journal;
import dev.syncbench.journal.JournalEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Serves every read from memory, as {@link MemoryRecordStore} does, and keeps a durable log of
 * it: each request hands {@link #persist} the keys it changed, and their states reach the log in
 * one group write with other requests' (see {@link GroupCommitter}). At start-up the whole log is
 * read back into memory, so queries, Merkle trees and reads cost what they cost in memory.
 *
 * <p>The journal's entries are logged the same way: a request hands in the sequences it appended,
 * and a group's entries are stored as one chunk ({@link JournalChunks}) in the same group write as
 * their records, so an acknowledged write's entry is as durable as its record.
 */
public final class DurableRecordStore implements RecordStore {
    private static final Logger LOG = Logger.getLogger(DurableRecordStore.class.getName());

    private final MemoryRecordStore memory = new MemoryRecordStore();
    private final DurableLog log;
    private final GroupCommitter committer;
    /** Used by the writer thread (and start-up, before it) only. */
    private final RecordCodec.Encoder encoder = new RecordCodec.Encoder();
    private final JournalChunks journalChunks;

    private final Journal journal;

    /** Loads everything {@code log} holds, without a journal; takes ownership of the log. */
    public DurableRecordStore(DurableLog log) {
        this(log, new Journal(0));
    }

    /**
     * Loads everything {@code log} holds, the journal's entries into {@code journal} (chunks holding
     * entries beyond its capacity are rewritten or deleted); takes ownership of the log.
     */
    public DurableRecordStore(DurableLog log, Journal journal) {
        this.log = log;
        this.journal = journal;
        this.journalChunks = new JournalChunks(journal);
        try {
            long[] loaded = new long[1];
            Map<Long, List<JournalEntry>> chunks = new HashMap<>();
            log.load((key, state) -> {
                load(key, state, chunks);
                loaded[0]++;
            });
            journal.restore(chunks.values().stream().flatMap(List::stream).toList());
            List<StoredChange> beyondRetention = new ArrayList<>();
            chunks.forEach((key, entries) -> {
                StoredChange change = journalChunks.restored(key, entries, encoder);
                if (change != null) {
                    beyondRetention.add(change);
                }
            });
            writeBeyondRetention(beyondRetention);
            LOG.info(() -> "loaded " + loaded[0] + " stored entries from " + log.description());
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        this.committer = new GroupCommitter(log, this::changesOf);
    }

    private void load(StoreKey key, byte[] state, Map<Long, List<JournalEntry>> journalChunks) {
        try {
            switch (key.kind()) {
                case JOURNAL -> journalChunks.put(Long.parseLong(key.key()), RecordCodec.decodeJournalChunk(state));
                case LWW -> memory.putLww(key.mapName(), key.key(), RecordCodec.decodeLww(state));
                case OR -> memory.putOr(key.mapName(), key.key(), RecordCodec.decodeOr(state));
                case COUNTER -> memory.putCounter(key.key(), RecordCodec.decodeCounter(state));
            }
        } catch (IllegalArgumentException e) {
            throw new StoreOpenException(log.description() + " is corrupt: entry " + key + " is "
                    + e.getMessage() + "; nothing was changed");
        }
    }

    /** A capacity smaller than before drops entries: they leave the log now, or at the next start when it fails. */
    private void writeBeyondRetention(List<StoredChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try {
            log.write(changes);
        } catch (StoreWriteException e) {
            LOG.warning(() -> "journal entries beyond retention not yet removed from " + log.description()
                    + ": " + e.getMessage());
        }
    }

    /** What the log should hold now for a group's keys; called on the writer thread. */
    private List<StoredChange> changesOf(Collection<StoreKey> keys) {
        List<StoredChange> changes = new ArrayList<>(keys.size());
        List<Long> journalSequences = new ArrayList<>();
        for (StoreKey key : keys) {
            if (key.kind() == StoreKind.JOURNAL) {
                journalSequences.add(Long.parseLong(key.key()));
            } else {
                changes.add(new StoredChange(key, currentState(key)));
            }
        }
        journalChunks.addChanges(journalSequences, encoder, changes);
        return changes;
    }

    /** The state the log should hold for a record or counter now; null deletes it. */
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
            case JOURNAL -> throw new IllegalArgumentException("journal entries are stored in chunks");
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
    public Set<String> orMapNames() {
        return memory.orMapNames();
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
