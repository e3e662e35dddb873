package dev.syncbench.query;

/**
 * An upper estimate of how much work a regex costs RE2/J per character of input: its length,
 * with counted repetitions expanded ({@code x{2,100}} weighs 100 × x, as RE2 compiles it). RE2/J
 * simulates every state of the compiled program at each character, so one evaluation costs about
 * weight × input length; bounding that product bounds the time a regex can hold a writer.
 *
 * <p>Run before RE2/J compiles the pattern (compiling is the first thing a heavy one costs), so the
 * syntax may be invalid; anything this reader does not follow counts as one per character, which
 * can only overestimate, and every step moves forward.
 */
final class RegexWeight {
    private final String pattern;
    private int at;

    private RegexWeight(String pattern) {
        this.pattern = pattern;
    }

    static long of(String pattern) {
        RegexWeight reader = new RegexWeight(pattern);
        long weight = 0;
        while (reader.at < pattern.length()) {
            weight = saturatedAdd(weight, reader.alternation());
            reader.at++; // an unbalanced ')' cannot pass RE2/J; skip it if it does
        }
        return Math.max(1, weight);
    }

    /**
     * How many Unicode classes ({@code \\p…}, {@code \\P…}) the pattern names, in or out of a
     * bracket class: RE2/J builds each one's table of ranges anew, the one part of compiling a short
     * pattern whose cost weight does not follow.
     */
    static int unicodeClasses(String pattern) {
        int count = 0;
        for (int i = 0; i < pattern.length() - 1; i++) {
            if (pattern.charAt(i) == '\\') {
                char next = pattern.charAt(++i); // an escaped backslash is skipped whole
                if (next == 'p' || next == 'P') {
                    count++;
                }
            }
        }
        return count;
    }

    /** Alternatives up to a ')' or the end, not consuming the ')': their sum. */
    private long alternation() {
        long weight = 0;
        while (at < pattern.length() && pattern.charAt(at) != ')') {
            if (pattern.charAt(at) == '|') {
                at++;
                weight = saturatedAdd(weight, 1);
                continue;
            }
            long atom = atom();
            weight = saturatedAdd(weight, repeated(atom));
        }
        return weight;
    }

    /** One atom: a group, a class, an escape or a character. */
    private long atom() {
        char c = pattern.charAt(at);
        if (c == '(') {
            at++;
            long inner = alternation();
            if (at < pattern.length()) {
                at++; // ')'
            }
            return saturatedAdd(inner, 2);
        }
        if (c == '[') {
            skipClass();
            return 1;
        }
        if (c == '\\') {
            at = Math.min(pattern.length(), at + 2);
            return 1;
        }
        at++;
        return 1;
    }

    /** The atom's weight times its counted repetition, if one follows; +1 for *, + or ?. */
    private long repeated(long atom) {
        if (at >= pattern.length()) {
            return atom;
        }
        char c = pattern.charAt(at);
        if (c == '*' || c == '+' || c == '?') {
            at++;
            skipLazy();
            return saturatedAdd(atom, 1);
        }
        if (c == '{') {
            int close = pattern.indexOf('}', at);
            if (close > at) {
                long times = repetitions(pattern.substring(at + 1, close));
                if (times >= 0) {
                    at = close + 1;
                    skipLazy();
                    return saturatedMultiply(atom, Math.max(1, times));
                }
            }
        }
        return atom;
    }

    /** The most copies {n}, {n,} or {n,m} compiles to; -1 when it is not a repetition (a literal '{'). */
    private static long repetitions(String inside) {
        String[] bounds = inside.split(",", -1);
        try {
            if (bounds.length == 1) {
                return Long.parseLong(bounds[0]);
            }
            if (bounds.length == 2) {
                long low = Long.parseLong(bounds[0]);
                return bounds[1].isEmpty() ? low + 1 : Long.parseLong(bounds[1]);
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private void skipLazy() {
        if (at < pattern.length() && pattern.charAt(at) == '?') {
            at++;
        }
    }

    /** Moves past a character class: '[', an optional '^', a leading ']', escapes, [:name:], then ']'. */
    private void skipClass() {
        at++;
        if (at < pattern.length() && pattern.charAt(at) == '^') {
            at++;
        }
        if (at < pattern.length() && pattern.charAt(at) == ']') {
            at++;
        }
        while (at < pattern.length() && pattern.charAt(at) != ']') {
            if (pattern.charAt(at) == '\\') {
                at++;
            } else if (pattern.startsWith("[:", at)) {
                int end = pattern.indexOf(":]", at + 2);
                if (end > 0) {
                    at = end + 1;
                }
            }
            at++;
        }
        at++;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
