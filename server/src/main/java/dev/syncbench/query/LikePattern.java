package dev.syncbench.query;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * SQL LIKE matched without a regex engine, case-insensitively: {@code %} is any run of characters,
 * {@code _} exactly one (a code point), everything else literal; the whole string must match.
 *
 * <p>The pattern is an automaton with one state per literal or {@code _} (state i: the first i
 * matched); a {@code %} before token i lets state i stay on any character. All states advance at
 * once as bits of a few longs (shift-and), so a match reads each character once whatever the
 * pattern: time is input length × ⌈states / 64⌉, with no backtracking and no allocation.
 * Case-insensitive as {@code toLowerCase(toUpperCase(c))} on code points.
 */
final class LikePattern {
    private static final int ASCII = 128;

    /** Longs per state set. */
    private final int words;
    /** The number of tokens: state {@code length} accepts. */
    private final int length;
    /** Bit i: state i stays active on any character (a % sits before token i). */
    private final long[] loops;
    /** Bit i + 1: token i is {@code _}, so it advances on any character. */
    private final long[] anyChar;
    /** By folded ASCII character: the states it advances to (bit i + 1 where token i accepts it). */
    private final long[][] ascii;
    /** The same for folded non-ASCII code points of the pattern; others advance only through {@code _}. */
    private final Map<Integer, long[]> other;

    private LikePattern(int length, long[] loops, long[] anyChar, long[][] ascii, Map<Integer, long[]> other) {
        this.words = loops.length;
        this.length = length;
        this.loops = loops;
        this.anyChar = anyChar;
        this.ascii = ascii;
        this.other = other;
    }

    static LikePattern compile(String like) {
        int tokens = (int) like.codePoints().filter(c -> c != '%').count();
        int words = tokens / 64 + 1;
        long[] loops = new long[words];
        long[] anyChar = new long[words];
        Map<Integer, long[]> literals = new HashMap<>();
        int state = 0;
        for (int i = 0; i < like.length(); ) {
            int c = like.codePointAt(i);
            i += Character.charCount(c);
            if (c == '%') {
                set(loops, state);
            } else {
                long[] advances = c == '_' ? anyChar : literals.computeIfAbsent(fold(c), k -> new long[words]);
                set(advances, state + 1);
                state++;
            }
        }
        long[][] ascii = new long[ASCII][];
        for (int c = 0; c < ASCII; c++) {
            ascii[c] = withAny(literals.get(c), anyChar);
        }
        Map<Integer, long[]> other = new HashMap<>();
        literals.forEach((c, advances) -> {
            if (c >= ASCII) {
                other.put(c, withAny(advances, anyChar));
            }
        });
        return new LikePattern(tokens, loops, anyChar, ascii, other);
    }

    /** True when the whole of {@code text} matches. */
    boolean matches(String text) {
        return words == 1 ? matchesOneWord(text) : matchesWords(text);
    }

    /** Up to 63 tokens: the state set is one long. */
    private boolean matchesOneWord(String text) {
        long loop = loops[0];
        long any = anyChar[0];
        long accept = 1L << length;
        long states = 1L;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            long[] advances = advances(c);
            states = ((states << 1) & (advances == null ? any : advances[0])) | (states & loop);
            if (states == 0) {
                return false;
            }
            if ((states & loop & accept) != 0) {
                return true; // a trailing % takes the rest
            }
        }
        return (states & accept) != 0;
    }

    private boolean matchesWords(String text) {
        long[] states = new long[words];
        long[] next = new long[words];
        states[0] = 1L;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            long[] advances = advances(c);
            if (advances == null) {
                advances = anyChar;
            }
            long alive = 0;
            for (int w = 0; w < words; w++) {
                long shifted = (states[w] << 1) | (w > 0 ? states[w - 1] >>> 63 : 0);
                next[w] = (shifted & advances[w]) | (states[w] & loops[w]);
                alive |= next[w];
            }
            if (alive == 0) {
                return false;
            }
            long[] swap = states;
            states = next;
            next = swap;
        }
        return (states[length / 64] & (1L << (length % 64))) != 0;
    }

    /** The states character c advances to, or null when only {@code _} accepts it. */
    private long[] advances(int c) {
        int folded = fold(c);
        return folded < ASCII ? ascii[folded] : other.get(folded);
    }

    /** The case-folded form both pattern and text are compared in. */
    private static int fold(int c) {
        if (c < ASCII) {
            return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    private static long[] withAny(long[] literal, long[] anyChar) {
        if (literal == null) {
            return anyChar;
        }
        long[] both = Arrays.copyOf(literal, literal.length);
        for (int w = 0; w < both.length; w++) {
            both[w] |= anyChar[w];
        }
        return both;
    }

    private static void set(long[] bits, int bit) {
        bits[bit / 64] |= 1L << (bit % 64);
    }
}
