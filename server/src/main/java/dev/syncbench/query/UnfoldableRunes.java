package dev.syncbench.query;

/**
 * The runes RE2/J cannot case-fold. Its fold orbits come from its own (older) Unicode tables plus
 * the JDK's {@code toLowerCase}/{@code toUpperCase}; for U+1C80..U+1C88 (Cyrillic letter
 * variants added in Unicode 9) the JDK maps the rune into the orbit of an ordinary letter (ᲀ to
 * В/в) that never leads back, so RE2/J's parser loops forever folding such a rune: a
 * case-insensitive regex naming one, alone or in a class range, would hold a thread for good.
 * {@code UnfoldableRunesTest} checks this set against RE2/J's own folding on the running JDK.
 *
 * <p>{@link #reachedBy} reads a pattern before RE2/J does, so it must end on any input: every
 * step moves forward. It overestimates (a pattern that turns case folding on anywhere and names
 * such a rune anywhere, or a class range spanning one); never the reverse.
 */
final class UnfoldableRunes {
    static final int FIRST = 0x1C80;
    static final int LAST = 0x1C88;

    private UnfoldableRunes() {
    }

    /** True when RE2/J could meet one of these runes while folding case in {@code pattern}. */
    static boolean reachedBy(String pattern) {
        return foldsCase(pattern) && namesOne(pattern);
    }

    /** A flag group {@code (?flags)} or {@code (?flags:…)} with an {@code i} among its flags. */
    private static boolean foldsCase(String pattern) {
        for (int at = pattern.indexOf("(?"); at >= 0; at = pattern.indexOf("(?", at + 2)) {
            for (int i = at + 2; i < pattern.length() && "imsU-".indexOf(pattern.charAt(i)) >= 0; i++) {
                if (pattern.charAt(i) == 'i') {
                    return true;
                }
            }
        }
        return false;
    }

    /** A rune named in the set, or a class range from one at or below {@link #LAST} to one at or above {@link #FIRST}. */
    private static boolean namesOne(String pattern) {
        int at = 0;
        int previous = -1;
        boolean inClass = false;
        boolean rangeOpen = false;
        while (at < pattern.length()) {
            int rune;
            char c = pattern.charAt(at);
            if (c == '\\' && at + 1 < pattern.length()) {
                long[] escape = escape(pattern, at);
                rune = (int) escape[0];
                at = (int) escape[1];
            } else if (inClass && posixClassEnd(pattern, at) > 0) {
                rune = -1; // [:alpha:]: ASCII, and no range end
                at = posixClassEnd(pattern, at);
            } else {
                rune = pattern.codePointAt(at);
                at += Character.charCount(rune);
                if (c == '[' && !inClass) {
                    inClass = true;
                    previous = -1;
                    if (at < pattern.length() && pattern.charAt(at) == '^') {
                        at++;
                    }
                    continue;
                }
                if (c == ']' && inClass && previous >= 0) {
                    inClass = false;
                    previous = -1;
                    continue;
                }
                if (c == '-' && inClass && previous >= 0) {
                    rangeOpen = true;
                    continue;
                }
            }
            if (rune >= FIRST && rune <= LAST) {
                return true;
            }
            if (rangeOpen && Math.max(previous, 0) <= LAST && rune >= FIRST) {
                return true;
            }
            rangeOpen = false;
            previous = Math.max(rune, 0);
        }
        return false;
    }

    /** Where {@code [:name:]} or {@code [:^name:]} at {@code at} ends; 0 when there is none ('[' is then a character). */
    private static int posixClassEnd(String pattern, int at) {
        if (!pattern.startsWith("[:", at)) {
            return 0;
        }
        int i = at + 2;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            i++;
        }
        int letters = i;
        while (i < pattern.length() && pattern.charAt(i) >= 'a' && pattern.charAt(i) <= 'z') {
            i++;
        }
        return i > letters && pattern.startsWith(":]", i) ? i + 2 : 0;
    }

    /**
     * The rune an escape at {@code at} names (-1 for a class such as {@code \d} or {@code \pL},
     * 0 inside a range, the widest start) and where the pattern continues: {@code \x{…}},
     * {@code \xHH}, and any escaped character; {@code \Q…\E} names its first quoted rune and is
     * read on as plain text.
     */
    private static long[] escape(String pattern, int at) {
        char kind = pattern.charAt(at + 1);
        if (kind == 'x') {
            int from = at + 2;
            int to;
            if (from < pattern.length() && pattern.charAt(from) == '{') {
                int close = pattern.indexOf('}', from);
                to = close < 0 ? pattern.length() : close;
                return new long[] {hex(pattern.substring(from + 1, to)), Math.min(pattern.length(), to + 1)};
            }
            to = Math.min(pattern.length(), from + 2);
            return new long[] {hex(pattern.substring(from, to)), to};
        }
        if (kind == 'p' || kind == 'P') {
            int next = at + 2;
            if (next < pattern.length() && pattern.charAt(next) == '{') {
                int close = pattern.indexOf('}', next);
                next = close < 0 ? pattern.length() : close;
            }
            return new long[] {-1, Math.min(pattern.length(), next + 1)};
        }
        if (kind == 'Q') {
            return new long[] {-1, at + 2};
        }
        int rune = pattern.codePointAt(at + 1);
        boolean isClass = Character.isLetterOrDigit(rune) && rune < 0x80;
        return new long[] {isClass ? -1 : rune, at + 1 + Character.charCount(rune)};
    }

    /** A hex number, saturated above the last rune; 0 when it does not read (RE2/J refuses it anyway). */
    private static long hex(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), 16);
            if (digit < 0) {
                return 0;
            }
            value = Math.min(Character.MAX_CODE_POINT + 1L, value * 16 + digit);
        }
        return value;
    }
}
