package dev.syncbench.partition;

/**
 * 32-bit FNV-1a over a string's UTF-16 code units, exactly as TopGun's clients hash with
 * {@code charCodeAt}: a character outside the BMP contributes its two surrogate units, and
 * no UTF-8 encoding is involved.
 */
public final class Fnv1a {
    private static final int OFFSET_BASIS = 0x811C9DC5;
    private static final int PRIME = 0x01000193;

    private Fnv1a() {
    }

    /** The hash as a Java int; the bits equal the unsigned 32-bit value. */
    public static int hash(String s) {
        int h = OFFSET_BASIS;
        for (int i = 0, n = s.length(); i < n; i++) {
            h ^= s.charAt(i);
            h *= PRIME;
        }
        return h;
    }

    /** The hash as the unsigned 32-bit value TopGun puts on the wire and reduces modulo. */
    public static long unsigned(String s) {
        return Integer.toUnsignedLong(hash(s));
    }
}
