package dev.syncbench.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

/** The ring the writes append to: numbering, retention, concurrent appends, restore. */
class JournalTest {
    private static final Timestamp TS = new Timestamp(1_000, 0, "n1");
    private static final RecordValue VALUE = RecordValue.of(ValueFactory.newString("v"));

    private static long put(Journal journal, String key) {
        return journal.append(false, "m", key, VALUE, TS);
    }

    @Test
    void sequencesStartAtOneAndIncrease() {
        Journal journal = new Journal(10);
        assertEquals(1, put(journal, "a"));
        assertEquals(2, journal.append(true, "m", "a", null, TS));
        assertEquals(2, journal.lastSequence());
        assertEquals("PUT", journal.get(1).type());
        assertEquals("DELETE", journal.get(2).type());
        assertNull(journal.get(2).value());
        assertNull(journal.get(3), "not yet appended");
    }

    @Test
    void theOldestEntriesAreDroppedBeyondCapacity() {
        Journal journal = new Journal(3);
        for (int i = 1; i <= 5; i++) {
            put(journal, "k" + i);
        }
        assertNull(journal.get(1));
        assertNull(journal.get(2));
        assertEquals("k3", journal.get(3).key());
        assertEquals("k5", journal.get(5).key());
        assertEquals(3, journal.oldestSequence());
    }

    @Test
    void aJournalTurnedOffNumbersNothing() {
        Journal journal = new Journal(0);
        assertFalse(journal.enabled());
        assertEquals(0, put(journal, "a"));
        assertNull(journal.get(1));
        assertEquals(0, journal.lastSequence());
    }

    @Test
    void concurrentAppendsGetDistinctSequencesWithoutGaps() throws InterruptedException {
        Journal journal = new Journal(100_000);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 10_000; i++) {
                    seen.add(put(journal, "k"));
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(40_000, seen.size());
        for (long s = 1; s <= 40_000; s++) {
            assertEquals(s, journal.get(s).sequence());
        }
    }

    @Test
    void restoreKeepsTheNewestAndNumberingGoesOn() {
        Journal journal = new Journal(2);
        List<JournalEntry> stored = List.of(
                new JournalEntry(9, false, "m", "c", VALUE, TS),
                new JournalEntry(7, false, "m", "a", VALUE, TS),
                new JournalEntry(8, true, "m", "b", null, TS));
        journal.restore(stored);
        assertNull(journal.get(7));
        assertEquals("b", journal.get(8).key());
        assertEquals("c", journal.get(9).key());
        assertEquals(10, put(journal, "d"));
        assertTrue(journal.get(8) == null, "the append dropped the oldest");
    }

    @Test
    void theListenerHearsEachAppendAfterItIsReadable() {
        Journal journal = new Journal(4);
        List<String> heard = new ArrayList<>();
        journal.setOnAppended(sequence -> heard.add(journal.get(sequence).key()));
        put(journal, "x");
        put(journal, "y");
        assertEquals(List.of("x", "y"), heard);
    }
}
