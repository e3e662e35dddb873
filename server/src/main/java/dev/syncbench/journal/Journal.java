package dev.syncbench.journal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongConsumer;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;

/**
 * The last {@code capacity} applied writes, numbered from 1. Writers in different partitions
 * append concurrently without a lock: a sequence from an AtomicLong, then a volatile store into
 * the ring slot {@code sequence % capacity}, which drops the entry {@code capacity} older. A slot
 * is filled a moment after its sequence is taken, so readers check the entry's own sequence:
 * {@link #get} answers null both for an entry already dropped and for one not yet filled.
 */
public final class Journal {
    private final int capacity;
    private final AtomicLong lastSequence = new AtomicLong();
    private final AtomicReferenceArray<JournalEntry> ring;
    /** The highest sequence restored at start-up: a missing entry up to it was lost, not pending. */
    private volatile long restoredLast;
    /** Told the sequence of each entry once it is readable; must not block. */
    private volatile LongConsumer onAppended = sequence -> { };

    /** A journal keeping the last {@code capacity} entries; 0 keeps none and numbers nothing (turned off). */
    public Journal(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("journal capacity must not be negative, got " + capacity);
        }
        this.capacity = capacity;
        this.ring = new AtomicReferenceArray<>(Math.max(capacity, 1));
    }

    public boolean enabled() {
        return capacity > 0;
    }

    public int capacity() {
        return capacity;
    }

    public void setOnAppended(LongConsumer onAppended) {
        this.onAppended = onAppended;
    }

    /** Appends an applied write and returns its sequence, or 0 when the journal is off. */
    public long append(boolean delete, String mapName, String key, RecordValue value, Timestamp timestamp) {
        if (capacity == 0) {
            return 0;
        }
        long sequence = lastSequence.incrementAndGet();
        ring.set(slot(sequence), new JournalEntry(sequence, delete, mapName, key, value, timestamp));
        onAppended.accept(sequence);
        return sequence;
    }

    /** The entry numbered {@code sequence}, or null when it is dropped, not yet filled, or never was. */
    public JournalEntry get(long sequence) {
        if (sequence < 1 || capacity == 0) {
            return null;
        }
        JournalEntry entry = ring.get(slot(sequence));
        return entry != null && entry.sequence() == sequence ? entry : null;
    }

    /**
     * Whether a missing entry will never be filled: one not in the log at start-up (a write that
     * was never acknowledged when the server stopped), as opposed to one being appended now.
     */
    public boolean lostAtRestart(long sequence) {
        return sequence <= restoredLast;
    }

    /** The highest sequence handed out (its entry may be a moment from readable); 0 before any. */
    public long lastSequence() {
        return lastSequence.get();
    }

    /** The oldest sequence still retained (or about to be, once filled). */
    public long oldestSequence() {
        return Math.max(1, lastSequence.get() - capacity + 1);
    }

    /**
     * Puts back entries read from a durable log at start-up, before any append; numbering goes on
     * after the highest. Keeps the newest {@code capacity} (the capacity may have shrunk since they
     * were stored); a journal that is off keeps none.
     */
    public void restore(List<JournalEntry> stored) {
        if (capacity == 0 || stored.isEmpty()) {
            return;
        }
        List<JournalEntry> sorted = new ArrayList<>(stored);
        sorted.sort(Comparator.comparingLong(JournalEntry::sequence));
        long last = sorted.getLast().sequence();
        for (JournalEntry entry : sorted) {
            if (entry.sequence() > last - capacity) {
                ring.set(slot(entry.sequence()), entry);
            }
        }
        lastSequence.set(last);
        restoredLast = last;
    }

    private int slot(long sequence) {
        return (int) (sequence % ring.length());
    }
}
