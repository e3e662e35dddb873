package dev.syncbench.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.syncbench.crdt.Timestamp;
import dev.syncbench.journal.Journal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One chunk per group write, deleted once the ring has moved past all of its entries. */
class JournalChunksTest {
    private static final Timestamp T = new Timestamp(1_700_000_000_000L, 0, "n");

    private final Journal journal = new Journal(3);
    private final JournalChunks chunks = new JournalChunks(journal);
    private final RecordCodec.Encoder encoder = new RecordCodec.Encoder();

    private List<Long> append(int count) {
        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sequences.add(journal.append(false, "m", "k", null, T));
        }
        return sequences;
    }

    private List<StoredChange> group(List<Long> sequences) {
        List<StoredChange> changes = new ArrayList<>();
        chunks.addChanges(sequences, encoder, changes);
        return changes;
    }

    @Test
    void aGroupIsOneChunkKeyedByItsLowestSequence() {
        List<StoredChange> changes = group(append(3));
        assertEquals(1, changes.size());
        assertEquals(StoreKey.journal(1), changes.getFirst().key());
        assertEquals(3, RecordCodec.decodeJournalChunk(changes.getFirst().state()).size());
    }

    @Test
    void aChunkIsDeletedOnceTheRingMovedPastItsHighestEntry() {
        group(append(2));
        List<StoredChange> partly = group(append(2));
        assertEquals(List.of(StoreKey.journal(3)), partly.stream().map(StoredChange::key).toList(),
                "entry 2 is still kept, so chunk 1 stays");
        List<StoredChange> past = group(append(1));
        assertEquals(StoreKey.journal(5), past.get(0).key());
        assertEquals(StoreKey.journal(1), past.get(1).key());
        assertNull(past.get(1).state());
    }

    @Test
    void aGroupRetriedAfterAFailedWriteIsDeletedOnce() {
        List<Long> sequences = append(2);
        group(sequences);
        group(sequences);
        List<StoredChange> past = group(append(3));
        assertEquals(List.of(StoreKey.journal(3), StoreKey.journal(1)), past.stream().map(StoredChange::key).toList());
    }
}
