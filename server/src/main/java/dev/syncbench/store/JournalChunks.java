package dev.syncbench.store;

import dev.syncbench.journal.Journal;
import dev.syncbench.journal.JournalEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The journal in a durable log. Each group write stores the journal entries it carries as one
 * chunk, keyed by the chunk's lowest sequence, so the journal costs the log one entry per group
 * rather than one per op (plus one delete per op as the ring moves on). A chunk is deleted once the
 * journal keeps none of its entries. Used by the store's writer thread, and at start-up before it.
 */
final class JournalChunks {
    private final Journal journal;
    /** Highest sequence of each stored chunk, by its key (lowest sequence). */
    private final Map<Long, Long> highestByKey = new HashMap<>();
    /** Stored chunks as {key, highest}, the first to expire first; an entry whose key was rewritten since is stale. */
    private final PriorityQueue<long[]> byHighest = new PriorityQueue<>(Comparator.comparingLong(chunk -> chunk[1]));

    JournalChunks(Journal journal) {
        this.journal = journal;
    }

    /**
     * A chunk read from the log at start-up, after the journal was restored. Returns the change that
     * brings it in line with what the journal keeps (a delete, or a rewrite without the entries a
     * smaller capacity dropped), or null when it is in line.
     */
    StoredChange restored(long key, List<JournalEntry> entries, RecordCodec.Encoder encoder) {
        if (!journal.enabled()) {
            return null;
        }
        List<JournalEntry> kept = entries.stream().filter(entry -> journal.get(entry.sequence()) == entry).toList();
        if (kept.isEmpty()) {
            return new StoredChange(StoreKey.journal(key), null);
        }
        track(key, kept);
        return kept.size() == entries.size() ? null : new StoredChange(StoreKey.journal(key), encoder.journalChunk(kept));
    }

    /**
     * Adds to a group's changes one chunk holding the journal entries numbered {@code sequences}
     * (those the ring still holds) and the deletes of chunks the journal no longer keeps.
     */
    void addChanges(List<Long> sequences, RecordCodec.Encoder encoder, List<StoredChange> changes) {
        List<JournalEntry> entries = new ArrayList<>(sequences.size());
        for (long sequence : sequences) {
            JournalEntry entry = journal.get(sequence);
            if (entry != null) {
                entries.add(entry);
            }
        }
        if (!entries.isEmpty()) {
            long key = track(entries);
            changes.add(new StoredChange(StoreKey.journal(key), encoder.journalChunk(entries)));
        }
        long oldest = journal.oldestSequence();
        while (!byHighest.isEmpty() && byHighest.peek()[1] < oldest) {
            long[] chunk = byHighest.poll();
            Long highest = highestByKey.get(chunk[0]);
            if (highest != null && highest == chunk[1]) {
                highestByKey.remove(chunk[0]);
                changes.add(new StoredChange(StoreKey.journal(chunk[0]), null));
            }
        }
    }

    private long track(List<JournalEntry> entries) {
        long lowest = Long.MAX_VALUE;
        for (JournalEntry entry : entries) {
            lowest = Math.min(lowest, entry.sequence());
        }
        track(lowest, entries);
        return lowest;
    }

    /** A retried group may store a chunk again under the same key: the newer highest is the one that counts. */
    private void track(long key, List<JournalEntry> entries) {
        long highest = 0;
        for (JournalEntry entry : entries) {
            highest = Math.max(highest, entry.sequence());
        }
        highestByKey.put(key, highest);
        byHighest.add(new long[] {key, highest});
    }
}
