package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A regex's weight is its length with counted repetitions expanded, never less. */
class RegexWeightTest {

    @Test
    void plainPatternsWeighAboutTheirLength() {
        assertEquals(1, RegexWeight.of(""));
        assertEquals(3, RegexWeight.of("abc"));
        assertEquals(1, RegexWeight.of("[a-z]"));
        assertEquals(2, RegexWeight.of("\\d\\."));
        assertEquals(7, RegexWeight.of("(a|b)*c"));
    }

    @Test
    void countedRepetitionsMultiplyWhatTheyRepeat() {
        assertEquals(100, RegexWeight.of("a{100}"));
        assertEquals(200, RegexWeight.of("[ab]{0,100}[ab]{0,100}"));
        assertEquals(11, RegexWeight.of("a{10,}"));
        assertEquals((2 + 1 + 1 + 2) * 10, RegexWeight.of("(ab|c){10}"), "a group: its alternatives, one per |, two for itself");
        assertEquals(((1 + 2) * 9 + 2) * 9, RegexWeight.of("((a){9}){9}"), "nested repetitions multiply");
        assertEquals(3, RegexWeight.of("a{x"), "a '{' that is not a repetition is a character");
    }

    @Test
    void aHugeRepetitionSaturatesInsteadOfOverflowing() {
        assertTrue(RegexWeight.of("((((a{1000}){1000}){1000}){1000}){1000}") > Predicate.MAX_REGEX_WEIGHT);
    }

    @Test
    void unicodeClassesAreCountedInAndOutOfBrackets() {
        assertEquals(0, RegexWeight.unicodeClasses("[a-z]+\\d\\w"));
        assertEquals(3, RegexWeight.unicodeClasses("\\pL[\\p{Greek}\\PN]"));
        assertEquals(0, RegexWeight.unicodeClasses("\\\\pL"), "an escaped backslash, then the letters p and L");
    }
}
