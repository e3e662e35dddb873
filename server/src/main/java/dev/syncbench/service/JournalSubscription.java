package dev.syncbench.service;

import dev.syncbench.journal.Journal;
import dev.syncbench.journal.JournalEntry;
import dev.syncbench.protocol.JournalEvent;
import dev.syncbench.protocol.MessageCodec;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One JOURNAL_SUBSCRIBE: the next sequence owed to its connection, and the filters. Whoever
 * fills a journal slot drains every subscription, so entries go out in sequence order without
 * gaps or repeats even though writers in different partitions fill slots out of order: a drain
 * stops at the first slot not yet filled, and the writer filling it drains again. A writer never
 * waits for a drain in progress: it raises {@link #owed} and the drainer goes round once more.
 */
final class JournalSubscription {
    private final ClientSession session;
    private final String id;
    private final String mapName;
    private final Set<String> types;
    private final Journal journal;
    private final MessageCodec codec;
    /** Held by whoever drains; guards {@link #next}. Only ever tried, never waited for. */
    private final ReentrantLock draining = new ReentrantLock();
    /** Set before each attempt to drain, so an attempt that finds the lock taken is not lost. */
    private final AtomicBoolean owed = new AtomicBoolean();
    private long next;
    private volatile boolean cancelled;

    JournalSubscription(ClientSession session, String id, String mapName, Set<String> types, long next,
                        Journal journal, MessageCodec codec) {
        this.session = session;
        this.id = id;
        this.mapName = mapName;
        this.types = types;
        this.next = next;
        this.journal = journal;
        this.codec = codec;
    }

    ClientSession session() {
        return session;
    }

    String id() {
        return id;
    }

    void cancel() {
        cancelled = true;
    }

    /** Pushes every readable entry from the next owed one on; never blocks on the connection. */
    void drain() {
        owed.set(true);
        while (owed.get() && draining.tryLock()) {
            try {
                owed.set(false);
                drainOwned();
            } finally {
                draining.unlock();
            }
        }
    }

    private void drainOwned() {
        while (!cancelled) {
            JournalEntry entry = journal.get(next);
            if (entry == null) {
                long oldest = journal.oldestSequence();
                if (next < oldest) {
                    // Dropped before this subscriber got it (only a replay that starts too far back).
                    next = oldest;
                    continue;
                }
                if (journal.lostAtRestart(next)) {
                    next++;
                    continue;
                }
                return;
            }
            next++;
            if (matches(entry)) {
                session.sendEvent(codec.encode(new JournalEvent(JournalService.wire(entry))));
            }
        }
    }

    private boolean matches(JournalEntry entry) {
        return (mapName == null || mapName.equals(entry.mapName()))
                && (types == null || types.contains(entry.type()));
    }
}
