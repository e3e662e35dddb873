package dev.syncbench.sync;

import dev.syncbench.crdt.Timestamp;
import dev.syncbench.crdt.Utf8Order;
import dev.syncbench.partition.Fnv1a;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The hash functions of Merkle delta sync, bit for bit as TopGun's client computes them, so
 * a client and this server agree on the hash of identical data. All values are unsigned
 * 32-bit numbers held in an int.
 */
public final class MerkleHash {

    /** UTF-8 byte order equals code point order; String.compareTo (UTF-16 order) differs above U+FFFF. */

    private MerkleHash() {
    }

    /** MurmurHash3's fmix32 finalizer; spreads a child hash before it is summed. mix(0) = 0. */
    public static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /** Σ mix(h) mod 2^32: independent of order, 0 for no hashes. */
    public static int combine(int... hashes) {
        int sum = 0;
        for (int h : hashes) {
            sum += mix(h);
        }
        return sum;
    }

    /** Hash of an LWW key's state: key and timestamp only, the value is not part of it. */
    public static int lwwItemHash(String key, Timestamp timestamp) {
        return Fnv1a.hash(key + ":" + timestamp.millis() + ":" + timestamp.counter() + ":" + timestamp.nodeId());
    }

    /** Hash of an OR-Map key's state as TopGun's server computes it: tags only, no values or timestamps. */
    public static int orEntryHash(String key, Collection<String> liveTags, Collection<String> tombstoneTags) {
        return Fnv1a.hash("key:" + key + "|" + joinSorted(liveTags) + "#" + joinSorted(tombstoneTags));
    }

    /** The leaf path of a key: the first 3 of the 8 lowercase hex digits of fnv1a(key). */
    public static String pathOf(String key) {
        int h = Fnv1a.hash(key);
        char[] path = {
            hexDigit(h >>> 28), hexDigit(h >>> 24), hexDigit(h >>> 20)
        };
        return new String(path);
    }

    static char hexDigit(int nibble) {
        return Character.forDigit(nibble & 0xF, 16);
    }

    private static String joinSorted(Collection<String> tags) {
        List<String> sorted = new ArrayList<>(tags);
        sorted.sort(Utf8Order.COMPARATOR);
        return String.join("|", sorted);
    }
}
