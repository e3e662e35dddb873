package dev.syncbench.service;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.protocol.ServerEvent;
import dev.syncbench.store.RecordStore;
import dev.syncbench.store.StoreKey;
import dev.syncbench.store.StoreUnavailableException;
import dev.syncbench.sync.MerkleIndex;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Drops LWW tombstones the server received longer ago than the retention, and says so in the
 * form clients act on: GC_PRUNE {olderThan}, after which a client drops its tombstones older than
 * that timestamp. Until then a delete travels in Merkle sync to every replica; a replica offline
 * for longer than the retention may resurrect it.
 *
 * <p>A tombstone's own timestamp is the client's and may lie far in the past, so what counts is
 * when the server received it. Each pass therefore prunes exactly the tombstones older than a
 * bound that no tombstone received within the retention lies below: the cutoff (now − retention),
 * lowered to the oldest timestamp received since. That is what makes one {@code olderThan} tell
 * clients precisely what went. Receipts are kept as the minimum timestamp per time slot (a few
 * slots per retention), one atomic update per stored tombstone, so the bound costs no per-record
 * memory.
 */
public final class TombstonePruner implements ChangeListener {
    private static final Logger LOG = Logger.getLogger(TombstonePruner.class.getName());
    private static final BinaryOperator<Timestamp> MIN =
            (a, b) -> a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;

    private final RecordStore store;
    private final PartitionTable partitions;
    private final MerkleIndex merkle;
    private final Duration retention;
    private final Clock clock;
    private final long slotMillis;
    /** Receive-time slot → the oldest tombstone timestamp received in it. */
    private final Map<Long, AtomicReference<Timestamp>> oldestBySlot = new ConcurrentHashMap<>();
    /** The oldest tombstone timestamp received since the current pass computed its bound. */
    private final AtomicReference<Timestamp> oldestSinceBound = new AtomicReference<>();
    /** Makes a new pass bound and the reset of oldestSinceBound one step for {@link #pruneBound}. */
    private final ReentrantLock boundLock = new ReentrantLock();
    /** The bound of the last pass; null before the first. Guarded by boundLock. */
    private Timestamp lastBound;
    /** Whether any pass pruned anything, i.e. whether clients have anything to be told. */
    private volatile boolean everPruned;
    private volatile Consumer<Timestamp> onPruned = bound -> { };

    public TombstonePruner(RecordStore store, PartitionTable partitions, MerkleIndex merkle, Duration retention, Clock clock) {
        this.store = store;
        this.partitions = partitions;
        this.merkle = merkle;
        this.retention = retention;
        this.clock = clock;
        this.slotMillis = Math.max(1, Math.min(retention.toMillis() / 4, Duration.ofHours(1).toMillis()));
    }

    /** Told the GC_PRUNE bound after every pass that pruned something. */
    public void setOnPruned(Consumer<Timestamp> onPruned) {
        this.onPruned = onPruned;
    }

    /** Records when a tombstone arrived; runs inside the key's partition, right after the store. */
    @Override
    public void lwwChanged(String mapName, String key, LwwRecord previous, LwwRecord current,
                           ServerEvent event, ClientSession origin) {
        if (current.isTombstone()) {
            received(current.timestamp());
        }
    }

    @Override
    public void orChanged(String mapName, String key, OrMapEntry previous, OrMapEntry current,
                          ServerEvent event, ClientSession origin) {
    }

    private void received(Timestamp timestamp) {
        // The slot first, then the since-bound minimum: a pass that misses the one sees the other.
        oldestBySlot.computeIfAbsent(clock.millis() / slotMillis, slot -> new AtomicReference<>())
                .accumulateAndGet(timestamp, MIN);
        oldestSinceBound.accumulateAndGet(timestamp, MIN);
    }

    /**
     * The GC_PRUNE a syncing client should apply before comparing roots: no tombstone older than
     * it is held any more. Null when nothing was ever pruned.
     */
    public Timestamp pruneBound() {
        boundLock.lock();
        try {
            return lastBound == null || !everPruned ? null : MIN.apply(lastBound, oldestSinceBound.get());
        } finally {
            boundLock.unlock();
        }
    }

    /** One pass over every map; returns how many tombstones went. */
    public int pruneOnce() {
        if (!store.acceptsWrites()) {
            return 0; // nothing may leave memory that cannot leave the log too
        }
        Timestamp passBound = nextBound();
        int pruned = 0;
        List<StoreKey> removedKeys = new ArrayList<>();
        for (String mapName : store.lwwMapNames()) {
            List<String> candidates = new ArrayList<>();
            store.forEachLww(mapName, (key, record) -> {
                if (isPrunable(record, passBound)) {
                    candidates.add(key);
                }
            });
            for (String key : candidates) {
                // Re-checked in the key's partition: a newer write, or an old-stamped tombstone
                // received since the bound was computed, may have landed since the scan.
                boolean removed = partitions.inPartitionOf(key, () -> {
                    LwwRecord current = store.getLww(mapName, key);
                    if (current == null || !isPrunable(current, MIN.apply(passBound, oldestSinceBound.get()))) {
                        return false;
                    }
                    store.removeLww(mapName, key);
                    merkle.lwwRemoved(mapName, key);
                    return true;
                });
                if (removed) {
                    pruned++;
                    removedKeys.add(StoreKey.lww(mapName, key));
                }
            }
        }
        persistRemovals(removedKeys);
        publish(passBound);
        if (pruned > 0) {
            everPruned = true;
            onPruned.accept(pruneBound());
        }
        return pruned;
    }

    /**
     * Logs the removals before GC_PRUNE tells clients about them. A failed write keeps them in the
     * store's backlog, written once the log recovers; until then a restart would bring those
     * tombstones back, and a later pass prunes them again.
     */
    private void persistRemovals(List<StoreKey> removedKeys) {
        try {
            store.persist(removedKeys);
        } catch (StoreUnavailableException e) {
            LOG.warning(() -> "pruned tombstones not logged yet: " + e.getMessage());
        }
    }

    /**
     * Tombstones loaded from the store at start-up count as received now: when they arrived before
     * the restart is not kept, so each gets a full retention again rather than none.
     */
    public void tombstonesLoaded() {
        for (String mapName : store.lwwMapNames()) {
            store.forEachLww(mapName, (key, record) -> {
                if (record.isTombstone()) {
                    received(record.timestamp());
                }
            });
        }
    }

    /**
     * now − retention, lowered to the oldest tombstone received since then; becomes the last bound.
     * Any tombstone older than it was received before the cutoff, except those received from here
     * on, which oldestSinceBound (reset here) collects.
     */
    private Timestamp nextBound() {
        long cutoffMillis = clock.millis() - retention.toMillis();
        boundLock.lock();
        try {
            oldestSinceBound.set(null);
            oldestBySlot.keySet().removeIf(slot -> (slot + 1) * slotMillis <= cutoffMillis);
            Timestamp bound = new Timestamp(cutoffMillis, 0, "");
            for (AtomicReference<Timestamp> oldest : oldestBySlot.values()) {
                bound = MIN.apply(bound, oldest.get());
            }
            // Until this pass has pruned, the old bound still holds, but receipts since it with older
            // timestamps left oldestSinceBound for the slots, and the new bound covers those.
            lastBound = lastBound == null ? null : MIN.apply(lastBound, bound);
            return bound;
        } finally {
            boundLock.unlock();
        }
    }

    /** After the pass: every tombstone older than the bound is gone, but for receipts since (oldestSinceBound). */
    private void publish(Timestamp bound) {
        boundLock.lock();
        try {
            lastBound = bound;
        } finally {
            boundLock.unlock();
        }
    }

    private static boolean isPrunable(LwwRecord record, Timestamp bound) {
        return record.isTombstone() && record.timestamp().compareTo(bound) < 0;
    }
}
