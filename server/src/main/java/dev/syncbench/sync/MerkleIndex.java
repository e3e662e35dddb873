package dev.syncbench.sync;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.protocol.ServerEvent;
import dev.syncbench.service.ChangeListener;
import dev.syncbench.service.ClientSession;
import dev.syncbench.store.RecordStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * The Merkle trees of every map that has been synced: one over its LWW keys and one over its
 * OR-Map keys. A map's tree is built from the store the first time someone syncs it and from
 * then on kept current by every applied change, inside the key's partition lock, so a write to
 * a map nobody syncs costs one hash-map lookup.
 *
 * <p>LWW item hash = {@link MerkleHash#lwwItemHash}(key, timestamp): tombstones keep their slot,
 * so deletes travel in sync. TTL-expired records keep their slot too and are served in leaves
 * like any other record; their {@code ttlMs} tells clients to hide them. Leaving them out of
 * leaves would keep client and server roots apart forever, and a client holding an older live
 * version of such a key would never learn it was overwritten. OR entry hash =
 * {@link OrMapEntry#merkleHash}; a key whose OR state is empty has no slot.
 */
public final class MerkleIndex implements ChangeListener {
    private final RecordStore store;
    private final PartitionTable partitions;
    private final Map<String, LazyTree> lwwTrees = new ConcurrentHashMap<>();
    private final Map<String, LazyTree> orTrees = new ConcurrentHashMap<>();

    public MerkleIndex(RecordStore store, PartitionTable partitions) {
        this.store = store;
        this.partitions = partitions;
    }

    @Override
    public void lwwChanged(String mapName, String key, LwwRecord previous, LwwRecord current,
                           ServerEvent event, ClientSession origin) {
        LazyTree lazy = lwwTrees.get(mapName);
        if (lazy != null) {
            lazy.tree.put(key, MerkleHash.lwwItemHash(key, current.timestamp()));
        }
    }

    @Override
    public void orChanged(String mapName, String key, OrMapEntry previous, OrMapEntry current,
                          ServerEvent event, ClientSession origin) {
        LazyTree lazy = orTrees.get(mapName);
        if (lazy != null) {
            putOr(lazy.tree, key, current);
        }
    }

    /** Drops a key whose LWW record left the store (tombstone pruning); call inside the key's partition. */
    public void lwwRemoved(String mapName, String key) {
        LazyTree lazy = lwwTrees.get(mapName);
        if (lazy != null) {
            lazy.tree.remove(key);
        }
    }

    /** The tree over the map's LWW records, built on first use. */
    public MerkleTree lwwTree(String mapName) {
        return ready(lwwTrees, mapName, this::fillLww);
    }

    /** The tree over the map's OR-Map entries, built on first use. */
    public MerkleTree orTree(String mapName) {
        return ready(orTrees, mapName, this::fillOr);
    }

    /**
     * Registers the tree before filling it, so changes made during the fill reach it through the
     * listener; the fill re-reads each key inside its partition, so neither can overwrite a newer
     * hash with an older one. A tree that comes out empty is not kept, so syncing names of maps
     * that hold nothing costs no memory; the store stays the truth a later sync rebuilds from.
     * The fill takes partition locks, so it is guarded by a lock, not a monitor: a virtual thread
     * waiting in a monitor on JDK 21–23 pins its carrier.
     */
    private static MerkleTree ready(Map<String, LazyTree> trees, String mapName,
                                    BiConsumer<String, MerkleTree> fill) {
        LazyTree lazy = trees.computeIfAbsent(mapName, name -> new LazyTree());
        if (!lazy.filled) {
            lazy.fillLock.lock();
            try {
                if (!lazy.filled) {
                    fill.accept(mapName, lazy.tree);
                    if (lazy.tree.size() == 0) {
                        trees.remove(mapName, lazy);
                        return lazy.tree;
                    }
                    lazy.filled = true;
                }
            } finally {
                lazy.fillLock.unlock();
            }
        }
        return lazy.tree;
    }

    private void fillLww(String mapName, MerkleTree tree) {
        store.forEachLww(mapName, (key, ignored) -> partitions.inPartitionOf(key, () -> {
            LwwRecord record = store.getLww(mapName, key);
            if (record == null) {
                tree.remove(key);
            } else {
                tree.put(key, MerkleHash.lwwItemHash(key, record.timestamp()));
            }
            return null;
        }));
    }

    private void fillOr(String mapName, MerkleTree tree) {
        store.forEachOr(mapName, (key, ignored) -> partitions.inPartitionOf(key, () -> {
            putOr(tree, key, store.getOr(mapName, key));
            return null;
        }));
    }

    private static void putOr(MerkleTree tree, String key, OrMapEntry entry) {
        if (entry == null || entry.isEmpty()) {
            tree.remove(key);
        } else {
            tree.put(key, entry.merkleHash(key));
        }
    }

    private static final class LazyTree {
        final MerkleTree tree = new MerkleTree();
        final ReentrantLock fillLock = new ReentrantLock();
        volatile boolean filled;
    }
}
