package dev.syncbench.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.msgpack.value.Value;

/**
 * A compiled predicate tree {@code {op, attribute?, value?, children?}}. Everything that can be
 * prepared (dot paths, LIKE and regex patterns) is prepared once in {@link #parse}, so
 * {@link #test} does no parsing per record. Immutable and safe to share.
 *
 * <p>An absent or nil field fails every leaf op except isNull/isNotNull (SQL semantics, neq too).
 *
 * <p>regex runs on RE2/J and LIKE on {@link LikePattern}, both automata: time is linear in the
 * input, never exponential, so a client's pattern cannot stall the writer that evaluates it. Both
 * sizes are bounded as well, which bounds each evaluation (it runs on a writer's thread under a
 * partition lock) to about a millisecond: a pattern over {@link #MAX_PATTERN_CHARS} is refused,
 * a string over {@link #MAX_MATCH_INPUT_CHARS} matches no LIKE or regex. RE2/J's cost per
 * character grows with the regex ({@link RegexWeight}), so a regex also refuses strings past
 * {@link #MAX_REGEX_WORK} / its weight, and one heavier than {@link #MAX_REGEX_WEIGHT} is refused,
 * as is one naming more than {@link #MAX_REGEX_UNICODE_CLASSES} Unicode classes: both bound what
 * compiling it allocates.
 */
public final class Predicate {
    /** The longest regex or LIKE pattern a query may carry. */
    public static final int MAX_PATTERN_CHARS = 256;
    /** The longest string a LIKE or regex is run against; longer strings do not match. */
    public static final int MAX_MATCH_INPUT_CHARS = 65_536;
    /**
     * A regex's weight times the length of a string it is run against is at most this (under a
     * millisecond of RE2/J); longer strings do not match that regex.
     */
    public static final long MAX_REGEX_WORK = 65_536;
    /**
     * The heaviest regex a query may carry: it still gets strings of up to 128 characters. Weight
     * also bounds what compiling costs: RE2/J allocates up to about 330 bytes per unit (an optional
     * copy of a counted repetition: {@code x{0,512}} about 170 KB).
     */
    public static final long MAX_REGEX_WEIGHT = 512;
    /**
     * The most Unicode classes ({@code \pL}, {@code \P{Greek}}) a regex may name: RE2/J builds each
     * one's table of ranges as it compiles, up to about 16 KB (negated or combined in a class).
     */
    public static final int MAX_REGEX_UNICODE_CLASSES = 6;

    /** One compiled node. */
    @FunctionalInterface
    private interface Node {
        boolean test(Value record);
    }

    /** A comparison of a present, non-nil field value. */
    @FunctionalInterface
    private interface FieldTest {
        boolean test(Value field);
    }

    private final Node root;

    private Predicate(Node root) {
        this.root = root;
    }

    public static Predicate parse(Value node) throws InvalidQueryException {
        return new Predicate(compile(node, "predicate"));
    }

    /** True when the record value satisfies the predicate; null (a removed record) never does. */
    public boolean test(Value record) {
        return record != null && root.test(record);
    }

    private static Node compile(Value node, String where) throws InvalidQueryException {
        if (node == null || !node.isMapValue()) {
            throw new InvalidQueryException(where + " must be a map {op, attribute?, value?, children?}");
        }
        Value opValue = Values.field(node, "op");
        if (opValue == null || !opValue.isStringValue()) {
            throw new InvalidQueryException(where + ": missing op");
        }
        String op = opValue.asStringValue().toString();
        return switch (op.toLowerCase(Locale.ROOT)) {
            case "and" -> {
                List<Node> children = children(node, op, where);
                yield record -> {
                    for (Node child : children) {
                        if (!child.test(record)) {
                            return false;
                        }
                    }
                    return true;
                };
            }
            case "or" -> {
                List<Node> children = children(node, op, where);
                yield record -> {
                    for (Node child : children) {
                        if (child.test(record)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case "not" -> {
                // Like TopGun: negates the first child; with no children it is true.
                List<Node> children = children(node, op, where);
                if (children.isEmpty()) {
                    yield record -> true;
                }
                Node first = children.get(0);
                yield record -> !first.test(record);
            }
            case "isnull" -> {
                List<String> path = attribute(node, op, where);
                yield record -> Values.isMissing(Values.at(record, path));
            }
            case "isnotnull" -> {
                List<String> path = attribute(node, op, where);
                yield record -> !Values.isMissing(Values.at(record, path));
            }
            default -> leaf(node, op, where);
        };
    }

    private static Node leaf(Value node, String op, String where) throws InvalidQueryException {
        FieldTest test = fieldTest(node, op, where);
        List<String> path = attribute(node, op, where);
        return record -> {
            Value field = Values.at(record, path);
            return !Values.isMissing(field) && test.test(field);
        };
    }

    private static FieldTest fieldTest(Value node, String op, String where) throws InvalidQueryException {
        String lower = op.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "eq", "neq", "gt", "gte", "lt", "lte", "like", "regex", "in", "between",
                 "containsall", "containsany", "startswith", "endswith" -> { }
            default -> throw new InvalidQueryException(where + ": unknown predicate op '" + op + "'");
        }
        Value expected = Values.field(node, "value");
        if (expected == null) {
            throw new InvalidQueryException(where + ": op '" + op + "' needs a value");
        }
        return switch (lower) {
            case "eq" -> field -> Values.equal(field, expected);
            case "neq" -> field -> !Values.equal(field, expected);
            case "gt" -> field -> ordered(field, expected, c -> c > 0);
            case "gte" -> field -> ordered(field, expected, c -> c >= 0);
            case "lt" -> field -> ordered(field, expected, c -> c < 0);
            case "lte" -> field -> ordered(field, expected, c -> c <= 0);
            case "like" -> {
                LikePattern pattern = LikePattern.compile(pattern(expected, op, where));
                yield field -> {
                    String text = matchable(field, MAX_MATCH_INPUT_CHARS);
                    return text != null && pattern.matches(text);
                };
            }
            case "regex" -> {
                String regex = pattern(expected, op, where);
                int maxInput = regexInputBound(regex, where);
                Pattern pattern = regexPattern(regex, where);
                yield field -> {
                    String text = matchable(field, maxInput);
                    return text != null && pattern.matcher(text).find();
                };
            }
            case "in" -> field -> contains(expected, field) || contains(field, expected);
            case "between" -> between(expected, op, where);
            case "containsall" -> {
                List<Value> wanted = asList(expected);
                yield field -> {
                    List<Value> have = asList(field);
                    for (Value item : wanted) {
                        if (!containsEqual(have, item)) {
                            return false;
                        }
                    }
                    return true;
                };
            }
            case "containsany" -> {
                List<Value> wanted = asList(expected);
                yield field -> {
                    List<Value> have = asList(field);
                    for (Value item : wanted) {
                        if (containsEqual(have, item)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case "startswith" -> field -> field.isStringValue() && expected.isStringValue()
                    && field.asStringValue().toString().startsWith(expected.asStringValue().toString());
            case "endswith" -> field -> field.isStringValue() && expected.isStringValue()
                    && field.asStringValue().toString().endsWith(expected.asStringValue().toString());
            default -> throw new AssertionError(lower);
        };
    }

    private interface Outcome {
        boolean holds(int comparison);
    }

    private static boolean ordered(Value field, Value expected, Outcome outcome) {
        Integer c = Values.compareOrdered(field, expected);
        return c != null && outcome.holds(c);
    }

    private static FieldTest between(Value expected, String op, String where) throws InvalidQueryException {
        if (!expected.isArrayValue() || expected.asArrayValue().size() != 2) {
            throw new InvalidQueryException(where + ": op '" + op + "' needs a value [low, high]");
        }
        Value low = expected.asArrayValue().get(0);
        Value high = expected.asArrayValue().get(1);
        return field -> {
            Integer fromLow = Values.compareOrdered(field, low);
            Integer toHigh = Values.compareOrdered(field, high);
            return fromLow != null && toHigh != null && fromLow >= 0 && toHigh <= 0;
        };
    }

    /** True when container is an array holding an item equal to item. */
    private static boolean contains(Value container, Value item) {
        return container.isArrayValue() && containsEqual(container.asArrayValue().list(), item);
    }

    private static boolean containsEqual(List<Value> values, Value item) {
        for (Value value : values) {
            if (Values.equal(value, item)) {
                return true;
            }
        }
        return false;
    }

    /** An array's items, or a scalar as a one-item list. */
    private static List<Value> asList(Value value) {
        return value.isArrayValue() ? value.asArrayValue().list() : List.of(value);
    }

    private static String string(Value expected, String op, String where) throws InvalidQueryException {
        if (!expected.isStringValue()) {
            throw new InvalidQueryException(where + ": op '" + op + "' needs a string value");
        }
        return expected.asStringValue().toString();
    }

    /** A regex or LIKE pattern: a string of at most {@link #MAX_PATTERN_CHARS} characters. */
    private static String pattern(Value expected, String op, String where) throws InvalidQueryException {
        String pattern = string(expected, op, where);
        if (pattern.length() > MAX_PATTERN_CHARS) {
            throw new InvalidQueryException(where + ": op '" + op + "' pattern of " + pattern.length()
                    + " characters exceeds the limit of " + MAX_PATTERN_CHARS);
        }
        return pattern;
    }

    /** The field as a string of at most maxChars to run a pattern on; null (matches no pattern) otherwise. */
    private static String matchable(Value field, int maxChars) {
        if (!field.isStringValue()) {
            return null;
        }
        String text = field.asStringValue().toString();
        return text.length() <= maxChars ? text : null;
    }

    /**
     * The longest string the regex may run on: MAX_REGEX_WORK / its weight. Checked before RE2/J
     * compiles it, since compiling is what a too heavy regex costs first (or, for a rune RE2/J
     * cannot fold, never ends), so each refusal here is ERROR 400 "too complex".
     */
    private static int regexInputBound(String regex, String where) throws InvalidQueryException {
        long weight = RegexWeight.of(regex);
        if (weight > MAX_REGEX_WEIGHT) {
            throw new InvalidQueryException(where + ": regex '" + regex + "' too complex: weight " + weight
                    + " (its length, counted repetitions expanded) exceeds " + MAX_REGEX_WEIGHT);
        }
        int unicodeClasses = RegexWeight.unicodeClasses(regex);
        if (unicodeClasses > MAX_REGEX_UNICODE_CLASSES) {
            throw new InvalidQueryException(where + ": regex '" + regex + "' too complex: " + unicodeClasses
                    + " Unicode classes (\\p, \\P) exceed " + MAX_REGEX_UNICODE_CLASSES);
        }
        if (UnfoldableRunes.reachedBy(regex)) {
            throw new InvalidQueryException(where + ": regex '" + regex + "' too complex: case-insensitive over U+"
                    + Integer.toHexString(UnfoldableRunes.FIRST).toUpperCase(Locale.ROOT) + "..U+"
                    + Integer.toHexString(UnfoldableRunes.LAST).toUpperCase(Locale.ROOT)
                    + ", runes RE2/J cannot fold");
        }
        return (int) Math.min(MAX_MATCH_INPUT_CHARS, MAX_REGEX_WORK / weight);
    }

    private static Pattern regexPattern(String regex, String where) throws InvalidQueryException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidQueryException(where + ": invalid regex '" + regex + "': " + e.getDescription()
                    + " (RE2 syntax: no backreferences or lookaround)");
        } catch (StackOverflowError e) {
            // RE2/J compiles a counted repetition as that many nested groups, recursively: (x{0,999})
            // recurses a thousand levels deep, and a small or busy stack runs out. Compiling touches no
            // shared state, so the query is refused like any other too complex one.
            throw new InvalidQueryException(where + ": regex '" + regex + "' too complex: nested too deep to compile");
        }
    }

    private static List<String> attribute(Value node, String op, String where) throws InvalidQueryException {
        Value attribute = Values.field(node, "attribute");
        if (attribute == null || !attribute.isStringValue() || attribute.asStringValue().toString().isEmpty()) {
            throw new InvalidQueryException(where + ": op '" + op + "' needs an attribute");
        }
        return path(attribute.asStringValue().toString());
    }

    /** Splits a dot path such as "address.city" into its steps. */
    static List<String> path(String dotted) {
        return List.of(dotted.split("\\.", -1));
    }

    private static List<Node> children(Value node, String op, String where) throws InvalidQueryException {
        Value children = Values.field(node, "children");
        if (children == null || !children.isArrayValue()) {
            throw new InvalidQueryException(where + ": op '" + op + "' needs children (an array)");
        }
        List<Node> compiled = new ArrayList<>();
        int i = 0;
        for (Value child : children.asArrayValue()) {
            compiled.add(compile(child, where + ".children[" + i++ + "]"));
        }
        return List.copyOf(compiled);
    }
}
