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
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

    @Property(tries = 200)
    void incrementalTreeEqualsARebuildFromScratch(@ForAll("histories") List<Op> ops) {
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
        assertEquals(Reference.root(state), tree.rootHash());
        assertEquals(state.size(), tree.size());
        // Every inner node on a key's path and every leaf must agree too.
        for (String key : state.keySet()) {
            String path = MerkleHash.pathOf(key);
            for (int len = 0; len < 3; len++) {
                assertEquals(Reference.buckets(state, path.substring(0, len)), tree.buckets(path.substring(0, len)));
            }
            assertEquals(Reference.leafKeys(state, path), new HashSet<>(tree.leafKeys(path)));
        }
    }

    @Provide
    Arbitrary<List<Op>> histories() {
        // A small key space so that updates and removes hit existing keys; a few fixed
        // same-leaf keys so that leaves hold several entries.
        List<String> pool = new ArrayList<>(keysInLeaf("5e1", 6));
        for (int i = 0; i < 40; i++) {
            pool.add("k" + i);
        }
        Arbitrary<String> key = Arbitraries.of(pool);
        Arbitrary<Integer> hash = Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(0, 1, -1));
        return Combinators.combine(Arbitraries.integers().between(0, 3).map(n -> n == 0), key, hash)
                .as(Op::new)
                .list().ofMaxSize(150);
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
                    result.put(child.substring(path.length()), Integer.toUnsignedLong(nodeHash(items, child)));
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
