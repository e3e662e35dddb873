package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Prints what one regex or LIKE evaluation costs at the input bounds, with the abuse run's
 * patterns and the worst we know (the longest patterns). It asserts only the answers, never a
 * time: the figures are for reading (issue 9: one evaluation on a writer's thread ≤ about 1 ms).
 */
class PatternCostReport {
    private static final int RUNS = 60;

    private record Case(String op, String pattern, String text) {
    }

    @Test
    void printsTheCostOfOneEvaluationAtTheBounds() throws InvalidQueryException {
        String likeInput = "a".repeat(Predicate.MAX_MATCH_INPUT_CHARS);
                List<Case> cases = List.of(
                new Case("like", "%a%a%a%a%a%a%b", likeInput),
                new Case("like", "%" + "a%".repeat(126) + "b", likeInput),
                new Case("like", "%" + "_".repeat(254) + "b", likeInput),
                regexCase("(a|b)*c"),
                regexCase("(a|b|ab|ba)*(a|b)*(ab)*c"),
                regexCase("(" + "a?".repeat(60) + "){2}c"),
                regexCase("[ab]{0,100}[ab]{0,100}c"),
                regexCase("a?".repeat(127) + "c"),
                regexCase("[ab]*".repeat(51) + "c"),
                regexCase("(a|b)*".repeat(42) + "c"),
                regexCase("a?".repeat(31) + "c"));
        for (Case c : cases) {
            Query query = query(c.op(), c.pattern());
            Value record = ValueFactory.newMap(ValueFactory.newString("text"), ValueFactory.newString(c.text()));
            long best = Long.MAX_VALUE;
            long total = 0;
            for (int i = 0; i < RUNS; i++) {
                long started = System.nanoTime();
                assertFalse(query.matches(record), c.pattern());
                long took = System.nanoTime() - started;
                best = Math.min(best, took);
                total += took;
            }
            System.out.printf("pattern cost: %-5s %-40.40s (weight %d) on %,d chars: best %,d µs, mean %,d µs%n", c.op(),
                    c.pattern(), c.op().equals("regex") ? RegexWeight.of(c.pattern()) : c.pattern().length(), c.text().length(), best / 1_000, total / RUNS / 1_000);
        }
    }

    /** A regex on the longest string of a's and b's its weight lets it run on. */
    private static Case regexCase(String regex) {
        int bound = (int) Math.min(Predicate.MAX_MATCH_INPUT_CHARS, Predicate.MAX_REGEX_WORK / RegexWeight.of(regex));
        return new Case("regex", regex, "ab".repeat(bound / 2));
    }

    private static Query query(String op, String pattern) throws InvalidQueryException {
        Value predicate = ValueFactory.newMap(
                ValueFactory.newString("op"), ValueFactory.newString(op),
                ValueFactory.newString("attribute"), ValueFactory.newString("text"),
                ValueFactory.newString("value"), ValueFactory.newString(pattern));
        return Query.parse(ValueFactory.newMap(ValueFactory.newString("predicate"), predicate),
                (List<String>) null, CursorCodec.withRandomKey());
    }
}
