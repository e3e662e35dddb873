package dev.syncbench.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.syncbench.crdt.Timestamp;
import dev.syncbench.partition.Fnv1a;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleHashTest {

    @Test
    void combineMatchesTheReferenceVector() {
        assertEquals(0xBC1DAB1C, MerkleHash.combine(100, 200));
    }

    @Test
    void combineIsIndependentOfOrderAndZeroWhenEmpty() {
        assertEquals(MerkleHash.combine(1, 2, 3), MerkleHash.combine(3, 1, 2));
        assertEquals(0, MerkleHash.combine());
    }

    @Test
    void mixOfZeroIsZero() {
        assertEquals(0, MerkleHash.mix(0));
    }

    @Test
    void mixIsMurmur3Fmix32() {
        // Computed independently with unsigned longs.
        long h = 100;
        h ^= h >>> 16;
        h = (h * 0x85EBCA6BL) & 0xFFFF_FFFFL;
        h ^= h >>> 13;
        h = (h * 0xC2B2AE35L) & 0xFFFF_FFFFL;
        h ^= h >>> 16;
        assertEquals((int) h, MerkleHash.mix(100));
    }

    @Test
    void pathOfUserAliceIsItsFirstThreeHexDigits() {
        assertEquals("374", MerkleHash.pathOf("user:alice"));
    }

    @Test
    void pathOfIsZeroPadded() {
        String key = findKeyWithTopDigitZero();
        assertEquals('0', MerkleHash.pathOf(key).charAt(0));
        assertEquals(String.format("%08x", Fnv1a.unsigned(key)).substring(0, 3), MerkleHash.pathOf(key));
    }

    @Test
    void lwwItemHashMatchesTheReferenceVector() {
        int hash = MerkleHash.lwwItemHash("user:alice", new Timestamp(1_700_000_000_000L, 0, "node-1"));
        assertEquals(1571941468L, Integer.toUnsignedLong(hash));
    }

    @Test
    void orEntryHashSortsTagsAndSeparatesLiveFromTombstoned() {
        int hash = MerkleHash.orEntryHash("k", List.of("b", "a"), List.of("d", "c"));
        assertEquals(Fnv1a.hash("key:k|a|b#c|d"), hash);
        assertEquals(Fnv1a.hash("key:k|#"), MerkleHash.orEntryHash("k", List.of(), List.of()));
        assertNotEquals(hash, MerkleHash.orEntryHash("k", List.of("a"), List.of("b", "c", "d")));
    }

    @Test
    void orEntryHashSortsByUtf8BytesNotUtf16Units() {
        // U+FF5E is below U+1F600 in UTF-8 byte order, but above its high surrogate in UTF-16 order.
        String bmp = "\uFF5E";
        String astral = new String(Character.toChars(0x1F600));
        assertEquals(Fnv1a.hash("key:k|" + bmp + "|" + astral + "#"),
                MerkleHash.orEntryHash("k", List.of(astral, bmp), List.of()));
    }

    private static String findKeyWithTopDigitZero() {
        for (int i = 0; ; i++) {
            String key = "k" + i;
            if (Fnv1a.unsigned(key) < 0x1000_0000L) {
                return key;
            }
        }
    }
}
