package dev.syncbench.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    @Test
    void emptyTreeHasRootZero() {
        assertEquals(0, new MerkleTree().rootHash());
    }

    @Test
    void singleKeyTreeMatchesTheClientsRoot() {
        MerkleTree tree = new MerkleTree();
        tree.put("user:alice", MerkleHash.lwwItemHash("user:alice", new Timestamp(1_700_000_000_000L, 0, "node-1")));
        assertEquals(3264103690L, tree.rootHash());
    }

    @Test
    void bucketsListOnlyNonEmptyChildrenAlongTheKeysPath() {
        MerkleTree tree = new MerkleTree();
        int item = MerkleHash.lwwItemHash("user:alice", new Timestamp(1_700_000_000_000L, 0, "node-1"));
        tree.put("user:alice", item);
        long leaf = Integer.toUnsignedLong(MerkleHash.combine(item));
        long level2 = Integer.toUnsignedLong(MerkleHash.combine(MerkleHash.combine(item)));
        assertEquals(Map.of("4", leaf), tree.buckets("37"));
        assertEquals(Map.of("7", level2), tree.buckets("3"));
        assertEquals(List.of("3"), List.copyOf(tree.buckets("").keySet()));
        assertEquals(List.of("user:alice"), tree.leafKeys("374"));
    }

    @Test
    void missingPathsAreEmpty() {
        MerkleTree tree = new MerkleTree();
        tree.put("user:alice", 42);
        assertTrue(tree.buckets("a").isEmpty());
        assertTrue(tree.buckets("3f").isEmpty());
        assertTrue(tree.leafKeys("375").isEmpty());
        assertTrue(new MerkleTree().buckets("").isEmpty());
    }

    @Test
    void removingEveryKeyGivesRootZeroAndNoBuckets() {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < 500; i++) {
            tree.put("key-" + i, i * 31 + 7);
        }
        for (int i = 0; i < 500; i++) {
            tree.remove("key-" + i);
        }
        assertEquals(0, tree.rootHash());
        assertEquals(0, tree.size());
        assertTrue(tree.buckets("").isEmpty());
    }

    @Test
    void removingAMissingKeyChangesNothing() {
        MerkleTree tree = new MerkleTree();
        tree.put("a", 1);
        long root = tree.rootHash();
        tree.remove("b");
        assertEquals(root, tree.rootHash());
        assertEquals(1, tree.size());
    }

    @Test
    void manyKeysInOneLeafSurviveGrowthAndRemoval() {
        List<String> keys = keysInLeaf("abc", 200);
        MerkleTree tree = new MerkleTree();
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            tree.put(keys.get(i), i);
            expected.put(keys.get(i), i);
        }
        for (int i = 0; i < keys.size(); i += 3) {
            tree.remove(keys.get(i));
            expected.remove(keys.get(i));
        }
        assertEquals(new HashSet<>(expected.keySet()), new HashSet<>(tree.leafKeys("abc")));
        assertEquals(Reference.root(expected), tree.rootHash());
    }

    @Test
    void pathValidation() {
        assertTrue(MerkleTree.isValidPath(""));
        assertTrue(MerkleTree.isValidPath("0af"));
        assertFalse(MerkleTree.isValidPath("0aF"));
        assertFalse(MerkleTree.isValidPath("0a0b"));
        assertFalse(MerkleTree.isValidPath("g"));
        assertFalse(MerkleTree.isValidPath("0/1"));
        assertFalse(MerkleTree.isValidPath(null));
        assertThrows(IllegalArgumentException.class, () -> new MerkleTree().buckets("abc"));
        assertThrows(IllegalArgumentException.class, () -> new MerkleTree().leafKeys("ab"));
    }

    // One step of a random history: put (key, hash) or remove key.
    record Op(boolean remove, String key, int itemHash) {
    }

    @Test
    void incrementalTreeEqualsARebuildFromScratch() {
        List<String> pool = keyPool();
        long seed = 20261126L;
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            List<Op> ops = history(random, pool);
            try {
                assertMatchesRebuild(ops);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", case " + i + ", ops " + ops + ": " + e.getMessage(), e);
            }
        }
    }

    private static void assertMatchesRebuild(List<Op> ops) {
        MerkleTree tree = new MerkleTree();
        Map<String, Integer> state = new HashMap<>();
        for (Op op : ops) {
            if (op.remove()) {
                tree.remove(op.key());
                state.remove(op.key());
            } else {
                tree.put(op.key(), op.itemHash());
                state.put(op.key(), op.itemHash());
            }
        }
        assertEquals(Reference.root(state), tree.rootHash(), "root hash");
        assertEquals(state.size(), tree.size(), "size");
        // Every inner node on a key's path and every leaf must agree too.
        for (String key : state.keySet()) {
            String path = MerkleHash.pathOf(key);
            for (int len = 0; len < 3; len++) {
                String prefix = path.substring(0, len);
                assertEquals(Reference.buckets(state, prefix), tree.buckets(prefix), "buckets at '" + prefix + "'");
            }
            assertEquals(Reference.leafKeys(state, path), new HashSet<>(tree.leafKeys(path)), "leaf keys at " + path);
        }
    }

    /**
     * A small key space so that updates and removes hit existing keys; a few fixed same-leaf keys
     * so that leaves hold several entries.
     */
    private static List<String> keyPool() {
        List<String> pool = new ArrayList<>(keysInLeaf("5e1", 6));
        for (int i = 0; i < 40; i++) {
            pool.add("k" + i);
        }
        return pool;
    }

    /** Up to 150 steps, one in four a remove; hashes are any int, half of them 0, 1 or -1. */
    private static List<Op> history(Random random, List<String> pool) {
        List<Op> ops = new ArrayList<>();
        int size = random.nextInt(151);
        for (int i = 0; i < size; i++) {
            int hash = random.nextBoolean() ? random.nextInt() : random.nextInt(3) - 1;
            ops.add(new Op(random.nextInt(4) == 0, pool.get(random.nextInt(pool.size())), hash));
        }
        return ops;
    }

    private static List<String> keysInLeaf(String path, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            String key = "leaf-" + i;
            if (MerkleHash.pathOf(key).equals(path)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Builds the tree from scratch the way TopGun's client does: nested nodes, hash = combine(children). */
    private static final class Reference {

        static long root(Map<String, Integer> items) {
            return Integer.toUnsignedLong(nodeHash(items, ""));
        }

        static Map<String, Long> buckets(Map<String, Integer> items, String path) {
            Map<String, Long> result = new TreeMap<>();
            for (String key : items.keySet()) {
                String keyPath = MerkleHash.pathOf(key);
                if (keyPath.startsWith(path)) {
                    String child = keyPath.substring(0, path.length() + 1);
                    // Hash each child once, not once per key below it: that would cost n^4 on a full leaf.
                    result.computeIfAbsent(child.substring(path.length()),
                            digit -> Integer.toUnsignedLong(nodeHash(items, child)));
                }
            }
            return result;
        }

        static HashSet<String> leafKeys(Map<String, Integer> items, String path) {
            HashSet<String> keys = new HashSet<>();
            for (String key : items.keySet()) {
                if (MerkleHash.pathOf(key).equals(path)) {
                    keys.add(key);
                }
            }
            return keys;
        }

        private static int nodeHash(Map<String, Integer> items, String path) {
            if (path.length() == 3) {
                int[] hashes = items.entrySet().stream()
                        .filter(e -> MerkleHash.pathOf(e.getKey()).equals(path))
                        .mapToInt(Map.Entry::getValue).toArray();
                return MerkleHash.combine(hashes);
            }
            Map<String, Long> children = buckets(items, path);
            int[] hashes = children.values().stream().mapToInt(Long::intValue).toArray();
            return MerkleHash.combine(hashes);
        }
    }
}
