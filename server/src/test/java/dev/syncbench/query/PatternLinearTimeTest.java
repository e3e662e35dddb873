package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * regex and LIKE from clients run in linear time on bounded sizes (issue 9, item 5): patterns that
 * make a backtracking engine overflow its stack or run for minutes answer correctly at once.
 * The timeouts are generous; the old engine took 67 s on the LIKE case and overflowed on the regex.
 */
class PatternLinearTimeTest {

    private static Query query(String op, String pattern) throws InvalidQueryException {
        Value predicate = ValueFactory.newMap(
                ValueFactory.newString("op"), ValueFactory.newString(op),
                ValueFactory.newString("attribute"), ValueFactory.newString("text"),
                ValueFactory.newString("value"), ValueFactory.newString(pattern));
        return Query.parse(ValueFactory.newMap(ValueFactory.newString("predicate"), predicate),
                (java.util.List<String>) null, CursorCodec.withRandomKey());
    }

    private static Value record(String text) {
        return ValueFactory.newMap(ValueFactory.newString("text"), ValueFactory.newString(text));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void alternationStarAgainstA40KbValueAnswersCorrectly() throws InvalidQueryException {
        Query q = query("regex", "(a|b)*c");
        String value = "ab".repeat(20_000);
        assertFalse(q.matches(record(value)));
        assertFalse(q.matches(record(value + "c")), "40 KB is past this regex's input bound: no match");
        String longest = "ab".repeat((int) (Predicate.MAX_REGEX_WORK / RegexWeight.of("(a|b)*c") / 2) - 1) + "c";
        assertTrue(q.matches(record(longest)));
        assertTrue(q.matches(record("xxc")));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void likeWithManyWildcardsAgainstA100CharStringAnswersCorrectly() throws InvalidQueryException {
        Query q = query("like", "%a%a%a%a%a%a%b");
        String value = "a".repeat(100);
        assertFalse(q.matches(record(value)));
        assertTrue(q.matches(record(value + "B")), "LIKE stays case-insensitive");
        assertTrue(q.matches(record("xaxaxaxaxaxaxb")));
    }

    @Test
    void likeKeepsItsMeaning() throws InvalidQueryException {
        assertTrue(query("like", "a_c%").matches(record("abcdef")));
        assertFalse(query("like", "a_c%").matches(record("acdef")));
        assertTrue(query("like", "100%").matches(record("100% sure")), "regex characters are literal");
        assertFalse(query("like", "a.c").matches(record("abc")));
        assertTrue(query("like", "%\n%").matches(record("line\nbreak")));
    }

    @Test
    void patternsOverTheBoundAreRefusedAtSubscribe() {
        String tooLong = "a".repeat(Predicate.MAX_PATTERN_CHARS + 1);
        assertThrows(InvalidQueryException.class, () -> query("regex", tooLong));
        assertThrows(InvalidQueryException.class, () -> query("like", tooLong));
    }

    @Test
    void stringsOverTheInputBoundMatchNoPattern() throws InvalidQueryException {
        String huge = "x".repeat(Predicate.MAX_MATCH_INPUT_CHARS + 1);
        assertFalse(query("regex", "x").matches(record(huge)));
        assertFalse(query("like", "%").matches(record(huge)));
        assertTrue(query("regex", "x").matches(record("x".repeat(Predicate.MAX_MATCH_INPUT_CHARS))));
    }

    @Test
    void aRegexRunsOnStringsUpToTheWorkBoundOverItsWeight() throws InvalidQueryException {
        String regex = "a?".repeat(31) + "c"; // weight 94: strings of up to 697 characters
        int bound = (int) (Predicate.MAX_REGEX_WORK / RegexWeight.of(regex));
        assertTrue(query("regex", regex).matches(record("x".repeat(bound - 1) + "c")));
        assertFalse(query("regex", regex).matches(record("x".repeat(bound) + "c")));
    }

    @Test
    void aRegexTooHeavyIsRefusedAtSubscribeNamingItsWeight() {
        InvalidQueryException e = assertThrows(InvalidQueryException.class,
                () -> query("regex", "[ab]{0,900}[ab]{0,900}[ab]{0,900}c"));
        assertTrue(e.getMessage().contains("too complex"), e.getMessage());
    }

    @Test
    void backreferencesAreRefusedWithAClearMessage() {
        InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> query("regex", "(a)\\1"));
        assertTrue(e.getMessage().contains("RE2"), e.getMessage());
    }
}
