package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runes RE2/J cannot fold are exactly the ones the guard knows, and the guard reads patterns soundly. */
class UnfoldableRunesTest {

    /**
     * Follows RE2/J's own fold step (package-private, so by reflection) from every rune: those
     * whose orbit never returns are the set. A newer JDK or RE2/J that changes it fails here.
     */
    @Test
    void theSetIsExactlyTheRunesWhoseFoldOrbitNeverReturns() throws Exception {
        Method simpleFold = Class.forName("com.google.re2j.Unicode").getDeclaredMethod("simpleFold", int.class);
        simpleFold.setAccessible(true);
        List<Integer> open = new ArrayList<>();
        for (int rune = 0; rune <= Character.MAX_CODE_POINT; rune++) {
            int folded = (int) simpleFold.invoke(null, rune);
            for (int step = 0; folded != rune && step < 16; step++) {
                folded = (int) simpleFold.invoke(null, folded);
            }
            if (folded != rune) {
                open.add(rune);
            }
        }
        List<Integer> known = new ArrayList<>();
        for (int rune = UnfoldableRunes.FIRST; rune <= UnfoldableRunes.LAST; rune++) {
            known.add(rune);
        }
        assertEquals(known, open);
    }

    @Test
    void onlyCaseInsensitivePatternsNamingOrSpanningARuneAreCaught() {
        assertTrue(UnfoldableRunes.reachedBy("(?i)\u1C80"));
        assertTrue(UnfoldableRunes.reachedBy("(?si)a|\\x{1c85}"));
        assertTrue(UnfoldableRunes.reachedBy("(?i)[\u1000-\u2000]"));
        assertTrue(UnfoldableRunes.reachedBy("(?i)[\\d-\\x{1C80}]"), "a class as a range start counts from 0");
        assertFalse(UnfoldableRunes.reachedBy("\u1C80[\\x{1000}-\\x{2000}]"), "no case folding: RE2/J never folds");
        assertFalse(UnfoldableRunes.reachedBy("(?i)[\\x{1000}-\\x{1C7F}\\x{1C89}-\\x{2000}]"));
        assertFalse(UnfoldableRunes.reachedBy("(?i)日本語|привет"));
        assertFalse(UnfoldableRunes.reachedBy("(?i)a-\\x{2000}"), "a '-' outside a class is a character");
    }
}
