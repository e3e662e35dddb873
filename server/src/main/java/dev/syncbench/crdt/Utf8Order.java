package dev.syncbench.crdt;

import java.util.Comparator;

/**
 * String order by UTF-8 bytes, as TopGun's Rust core orders node ids and tags. Code point order
 * is the same order and needs no encoding (Java's own compareTo orders UTF-16 units, which differs
 * for characters beyond the BMP).
 */
public final class Utf8Order {
    public static final Comparator<String> COMPARATOR = Utf8Order::compare;

    private Utf8Order() {
    }

    public static int compare(String a, String b) {
        // Up to the first differing char, UTF-16 units and code points agree; there two chars that
        // are not surrogates compare as their code points do. Only a surrogate needs the full walk.
        int n = Math.min(a.length(), b.length());
        int k = 0;
        while (k < n && a.charAt(k) == b.charAt(k)) {
            k++;
        }
        if (k == n) {
            return Integer.compare(a.length(), b.length());
        }
        char ca = a.charAt(k);
        char cb = b.charAt(k);
        if (!Character.isSurrogate(ca) && !Character.isSurrogate(cb)) {
            return Character.compare(ca, cb);
        }
        return compareCodePoints(a, b);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
