package dev.syncbench.sync;

import dev.syncbench.partition.Fnv1a;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Merkle tree of one map, shaped as TopGun's client builds it: depth 3, 16-way, a key's
 * leaf chosen by the first three hex digits of fnv1a(key), leaves holding key → item hash and
 * every node hash = Σ mix(child hash) mod 2^32. Because a node hash is a sum, one changed key
 * updates its leaf and ancestors in O(depth) by swapping mix(old) for mix(new) at each level,
 * so the tree never needs rebuilding.
 *
 * <p>Node hashes live in flat arrays indexed by path digits, and each non-empty leaf is a
 * compact open-addressing table, which keeps a map of millions of keys cheap in memory.
 * Thread-safe: writes and bucket reads take one short lock; {@link #rootHash()} reads without it.
 */
public final class MerkleTree {
    public static final int DEPTH = 3;

    private static final int LEVEL1 = 16;
    private static final int LEVEL2 = 256;
    private static final int LEAVES = 4096;

    private final int[] level1Hash = new int[LEVEL1];
    private final int[] level2Hash = new int[LEVEL2];
    private final int[] leafHash = new int[LEAVES];
    // Key counts tell which nodes exist: a non-empty node can still hash to 0.
    private final int[] level1Count = new int[LEVEL1];
    private final int[] level2Count = new int[LEVEL2];
    private final Leaf[] leaves = new Leaf[LEAVES];
    private volatile int root;
    private int size;

    /** Sets the item hash of a key, adding the key if it is new. */
    public synchronized void put(String key, int itemHash) {
        int leafIndex = leafIndexOf(key);
        Leaf leaf = leaves[leafIndex];
        if (leaf == null) {
            leaf = new Leaf();
            leaves[leafIndex] = leaf;
        }
        int slot = leaf.find(key);
        int delta;
        if (slot >= 0) {
            int old = leaf.hashes[slot];
            if (old == itemHash) {
                return;
            }
            leaf.hashes[slot] = itemHash;
            delta = MerkleHash.mix(itemHash) - MerkleHash.mix(old);
        } else {
            leaf.insert(key, itemHash);
            size++;
            level1Count[leafIndex >>> 8]++;
            level2Count[leafIndex >>> 4]++;
            delta = MerkleHash.mix(itemHash);
        }
        propagate(leafIndex, delta);
    }

    /** Removes a key; a key that is not in the tree is ignored. */
    public synchronized void remove(String key) {
        int leafIndex = leafIndexOf(key);
        Leaf leaf = leaves[leafIndex];
        if (leaf == null) {
            return;
        }
        int slot = leaf.find(key);
        if (slot < 0) {
            return;
        }
        int old = leaf.hashes[slot];
        leaf.delete(slot);
        if (leaf.size == 0) {
            leaves[leafIndex] = null;
        }
        size--;
        level1Count[leafIndex >>> 8]--;
        level2Count[leafIndex >>> 4]--;
        propagate(leafIndex, -MerkleHash.mix(old));
    }

    /** The root hash as an unsigned 32-bit value; 0 for an empty tree. */
    public long rootHash() {
        return Integer.toUnsignedLong(root);
    }

    public synchronized int size() {
        return size;
    }

    /**
     * The unsigned hashes of the non-empty children of the inner node at {@code path}
     * (length 0 to 2), keyed by their hex digit in ascending order; empty if the node does
     * not exist.
     */
    public synchronized Map<String, Long> buckets(String path) {
        if (!isValidPath(path) || path.length() == DEPTH) {
            throw new IllegalArgumentException("not an inner node path: \"" + path + "\"");
        }
        int prefix = indexOf(path);
        int[] hashes;
        int[] counts;
        switch (path.length()) {
            case 0 -> {
                hashes = level1Hash;
                counts = level1Count;
            }
            case 1 -> {
                hashes = level2Hash;
                counts = level2Count;
            }
            default -> {
                hashes = leafHash;
                counts = null;
            }
        }
        Map<String, Long> buckets = new LinkedHashMap<>();
        for (int digit = 0; digit < 16; digit++) {
            int child = (prefix << 4) | digit;
            boolean nonEmpty = counts != null ? counts[child] > 0 : leaves[child] != null;
            if (nonEmpty) {
                buckets.put(String.valueOf(MerkleHash.hexDigit(digit)), Integer.toUnsignedLong(hashes[child]));
            }
        }
        return buckets;
    }

    /** The keys of the leaf at {@code path} (length 3), in no particular order; empty if none. */
    public synchronized List<String> leafKeys(String path) {
        if (!isValidPath(path) || path.length() != DEPTH) {
            throw new IllegalArgumentException("not a leaf path: \"" + path + "\"");
        }
        Leaf leaf = leaves[indexOf(path)];
        return leaf == null ? Collections.emptyList() : leaf.keys();
    }

    /** A path is up to 3 lowercase hex digits; "" is the root. */
    public static boolean isValidPath(String path) {
        if (path == null || path.length() > DEPTH) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Adds {@code delta} to the leaf sum and carries the change of each node's mix up to the root. */
    private void propagate(int leafIndex, int delta) {
        int oldLeaf = leafHash[leafIndex];
        int newLeaf = oldLeaf + delta;
        leafHash[leafIndex] = newLeaf;

        int i2 = leafIndex >>> 4;
        int oldLevel2 = level2Hash[i2];
        int newLevel2 = oldLevel2 + MerkleHash.mix(newLeaf) - MerkleHash.mix(oldLeaf);
        level2Hash[i2] = newLevel2;

        int i1 = leafIndex >>> 8;
        int oldLevel1 = level1Hash[i1];
        int newLevel1 = oldLevel1 + MerkleHash.mix(newLevel2) - MerkleHash.mix(oldLevel2);
        level1Hash[i1] = newLevel1;

        root = root + MerkleHash.mix(newLevel1) - MerkleHash.mix(oldLevel1);
    }

    /** The first three hex digits of fnv1a(key) as a number: the leaf's index. */
    private static int leafIndexOf(String key) {
        return Fnv1a.hash(key) >>> 20;
    }

    private static int indexOf(String path) {
        int index = 0;
        for (int i = 0; i < path.length(); i++) {
            index = (index << 4) | Character.digit(path.charAt(i), 16);
        }
        return index;
    }

    /**
     * key → item hash of one leaf as parallel arrays with linear probing: 8 bytes per slot at
     * 37–75 % load, where a HashMap entry with a boxed Integer costs about 50 bytes per key.
     */
    private static final class Leaf {
        String[] keys = new String[4];
        int[] hashes = new int[4];
        int size;

        int find(String key) {
            int mask = keys.length - 1;
            for (int i = spread(key.hashCode()) & mask; ; i = (i + 1) & mask) {
                String k = keys[i];
                if (k == null) {
                    return -1;
                }
                if (k.equals(key)) {
                    return i;
                }
            }
        }

        void insert(String key, int hash) {
            // Grow at 3/4 full so a probe always meets an empty slot.
            if ((size + 1) * 4 > keys.length * 3) {
                resize(keys.length * 2);
            }
            place(key, hash);
            size++;
        }

        /** Empties a slot and shifts later entries of the probe chain back, so lookups need no tombstones. */
        void delete(int slot) {
            int mask = keys.length - 1;
            int hole = slot;
            for (int i = (hole + 1) & mask; keys[i] != null; i = (i + 1) & mask) {
                int home = spread(keys[i].hashCode()) & mask;
                // Move the entry into the hole unless its home lies cyclically in (hole, i].
                boolean homeBetween = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
                if (!homeBetween) {
                    keys[hole] = keys[i];
                    hashes[hole] = hashes[i];
                    hole = i;
                }
            }
            keys[hole] = null;
            hashes[hole] = 0;
            size--;
            if (keys.length > 4 && size * 8 < keys.length) {
                resize(keys.length / 2);
            }
        }

        List<String> keys() {
            List<String> result = new ArrayList<>(size);
            for (String k : keys) {
                if (k != null) {
                    result.add(k);
                }
            }
            return result;
        }

        private void resize(int capacity) {
            String[] oldKeys = keys;
            int[] oldHashes = hashes;
            keys = new String[capacity];
            hashes = new int[capacity];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    place(oldKeys[i], oldHashes[i]);
                }
            }
        }

        private void place(String key, int hash) {
            int mask = keys.length - 1;
            int i = spread(key.hashCode()) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            hashes[i] = hash;
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
        }
    }
}
