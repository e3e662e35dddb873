package dev.syncbench.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8OrderTest {

    @Test
    void charactersBeyondTheBmpSortAfterTheBmpAsInUtf8() {
        String lastBmp = "\uFFFF";
        String emoji = "\uD83D\uDE00";
        assertTrue(lastBmp.compareTo(emoji) > 0, "UTF-16 order puts the surrogate pair first");
        assertTrue(Utf8Order.compare(lastBmp, emoji) < 0);
    }

    @Test
    void agreesWithUtf8ByteOrderOnRandomStrings() {
        Random random = new Random(42);
        int[] alphabet = {'a', 'B', 'z', 0x7f, 0xe9, 0x4e2d, 0xfffd, 0x1f600, 0x10348};
        for (int i = 0; i < 2000; i++) {
            String a = randomString(random, alphabet);
            String b = randomString(random, alphabet);
            int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
            assertEquals(expected, Integer.signum(Utf8Order.compare(a, b)), a + " vs " + b);
        }
    }

    private static String randomString(Random random, int[] alphabet) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(5);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        }
        return s.toString();
    }
}
