package dev.syncbench.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Fnv1aTest {

    @Test
    void hashesHelloToTheReferenceVector() {
        assertEquals(1335831723L, Fnv1a.unsigned("hello"));
        assertEquals(1335831723, Fnv1a.hash("hello"));
    }

    @Test
    void emptyStringHashesToTheOffsetBasis() {
        assertEquals(2166136261L, Fnv1a.unsigned(""));
    }

    @Test
    void hashIsTheSignedViewOfTheUnsignedValue() {
        assertEquals(0x37452510L, Fnv1a.unsigned("user:alice"));
        assertEquals((int) Fnv1a.unsigned(""), Fnv1a.hash(""));
    }

    @Test
    void nonBmpCharacterCountsAsTwoUtf16Units() {
        String grinning = "\uD83D\uDE00"; // U+1F600, one code point, two UTF-16 units
        assertEquals(2, grinning.length());
        long expected = 0x811C9DC5L;
        for (int unit : new int[] {0xD83D, 0xDE00}) {
            expected = ((expected ^ unit) * 0x01000193L) & 0xFFFF_FFFFL;
        }
        assertEquals(expected, Fnv1a.unsigned(grinning));
        assertEquals(Fnv1a.unsigned("\uD83D" + "\uDE00"), Fnv1a.unsigned(new String(Character.toChars(0x1F600))));
    }

    @Test
    void partitionsMatchTheReferenceVectors() {
        assertEquals(271, Partitioning.PARTITION_COUNT);
        assertEquals(95, Partitioning.partitionOf("hello"));
        assertEquals(268, Partitioning.partitionOf("key1"));
    }

    @Test
    void partitionIsNeverNegativeForHashesWithTheTopBitSet() {
        // fnv1a("") = 0x811C9DC5 is negative as an int; the partition must use the unsigned value.
        assertEquals((int) (2166136261L % 271), Partitioning.partitionOf(""));
    }
}
