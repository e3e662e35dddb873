package dev.syncbench.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Merkle tree built the way TopGun's TS client builds it, written independently of the
 * server's MerkleTree/MerkleHash/Fnv1a (unsigned arithmetic on longs, nested nodes, hashes
 * recomputed from the children), so a root the two agree on is evidence, not a tautology.
 */
final class ClientMerkleTree {
    private static final int DEPTH = 3;
    private static final long MASK = 0xFFFF_FFFFL;

    private final Node root = new Node();

    private static final class Node {
        long hash;
        final Map<Character, Node> children = new TreeMap<>();
        final Map<String, Long> entries = new HashMap<>();
    }

    /** fnv1a over UTF-16 code units, as JS charCodeAt sees the string. */
    static long fnv1a(String s) {
        long h = 0x811C9DC5L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h = (h * 0x01000193L) & MASK;
        }
        return h;
    }

    static long fmix32(long h) {
        h ^= h >>> 16;
        h = (h * 0x85EBCA6BL) & MASK;
        h ^= h >>> 13;
        h = (h * 0xC2B2AE35L) & MASK;
        h ^= h >>> 16;
        return h;
    }

    static long lwwItemHash(String key, long millis, long counter, String nodeId) {
        return fnv1a(key + ":" + millis + ":" + counter + ":" + nodeId);
    }

    /** The OR entry hash of TopGun's server (ASCII tags assumed, so String order is byte order). */
    static long orItemHash(String key, List<String> tags, List<String> tombstones) {
        return fnv1a("key:" + key + "|" + String.join("|", tags.stream().sorted().toList())
                + "#" + String.join("|", tombstones.stream().sorted().toList()));
    }

    static String pathOf(String key) {
        return String.format("%08x", fnv1a(key)).substring(0, DEPTH);
    }

    void update(String key, long itemHash) {
        String path = pathOf(key);
        List<Node> nodes = new ArrayList<>();
        Node node = root;
        nodes.add(node);
        for (int i = 0; i < DEPTH; i++) {
            node = node.children.computeIfAbsent(path.charAt(i), c -> new Node());
            nodes.add(node);
        }
        node.entries.put(key, itemHash);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            long sum = 0;
            for (long h : n.entries.values()) {
                sum += fmix32(h);
            }
            for (Node child : n.children.values()) {
                sum += fmix32(child.hash);
            }
            n.hash = sum & MASK;
        }
    }

    long rootHash() {
        return root.hash;
    }

    /** The hash of the node at {@code path}; 0 when this tree has no such node. */
    long hashAt(String path) {
        Node node = root;
        for (int i = 0; i < path.length() && node != null; i++) {
            node = node.children.get(path.charAt(i));
        }
        return node == null ? 0 : node.hash;
    }
}
