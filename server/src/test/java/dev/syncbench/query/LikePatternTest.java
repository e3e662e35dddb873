package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * LIKE without a regex engine means what it meant when it was translated to an RE2/J regex:
 * a table of patterns and strings, then random ones, each compared with the translation.
 */
class LikePatternTest {

    /** The former LIKE: % as .*, _ as ., everything else quoted; case-insensitive, whole string. */
    private static boolean byRegex(String like, String text) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '%' || c == '_') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matches(text);
    }

    private static void agrees(String like, String text) {
        assertEquals(byRegex(like, text), LikePattern.compile(like).matches(text),
                () -> "LIKE '" + like + "' on '" + text + "'");
    }

    @Test
    void aTableOfPatternsMeansWhatTheRegexTranslationMeant() {
        List<String> patterns = List.of("", "%", "%%", "_", "__", "a", "A", "abc", "a%", "%a", "%a%", "a_c", "a%c",
                "_%", "%_", "%_%", "a%b%c", "%a%a%a%a%a%a%b", "100%", "a.c", "(a|b)*c", "\\d", "%\n%", "é%",
                "%É", "ß", "k", "s", "%😀%", "_😀_", "a" + "_".repeat(70) + "b", "%" + "a%".repeat(80) + "b");
        List<String> texts = List.of("", "a", "A", "b", "ab", "abc", "ABC", "abbc", "ac", "aXc", "a.c", "abcabc",
                "cba", "xaxaxaxaxaxaxb", "aaaaaaaaab", "aaaaaaaaa", "100% sure", "100", "(a|b)*c", "\\d", "7",
                "line\nbreak", "éclair", "ÉCLAIR", "café", "CAFÉ", "ß", "ẞ", "K", "K", "ſ", "S", "😀", "x😀y",
                "a" + "x".repeat(70) + "b", "a" + "x".repeat(69) + "b", "a".repeat(200) + "b", "a".repeat(79) + "b");
        for (String pattern : patterns) {
            for (String text : texts) {
                agrees(pattern, text);
            }
        }
    }

    @Test
    void randomPatternsAndStringsAgreeWithTheRegexTranslation() {
        Random random = new Random(9);
        String patternChars = "ab%_A.";
        String textChars = "abAB.c";
        for (int round = 0; round < 20_000; round++) {
            String pattern = randomString(random, patternChars, random.nextInt(8));
            String text = randomString(random, textChars, random.nextInt(12));
            agrees(pattern, text);
        }
    }

    @Test
    void patternsOfManyTokensSpanSeveralWordsOfStates() {
        String pattern = "%" + "ab_".repeat(60) + "%"; // 180 tokens: three longs of states
        assertTrue(LikePattern.compile(pattern).matches("zz" + "abx".repeat(60) + "zz"));
        assertFalse(LikePattern.compile(pattern).matches("zz" + "abx".repeat(59) + "zz"));
        assertTrue(LikePattern.compile("_".repeat(200)).matches("q".repeat(200)));
        assertFalse(LikePattern.compile("_".repeat(200)).matches("q".repeat(199)));
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
