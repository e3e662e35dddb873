package dev.syncbench.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A policy's {@code condition}, a predicate tree {@code {op, attribute?, value?, valueRef?,
 * children?}} (reference part 1 §6.2) compiled once, evaluated with the subject that asks and the
 * record concerned ({@code data}, nil for reads).
 *
 * <p>{@code attribute} is a dot path into the record, except that one starting {@code auth.}
 * names the subject ({@code auth.id}, {@code auth.roles}), so a role or subject test can be
 * written on its own (TopGun looks every attribute up in the record). {@code valueRef}
 * ({@code auth.<path>} or {@code data.<path>}) takes the compared value from the subject or the
 * record and wins over {@code value}; an unresolved one makes the leaf false. An absent or nil
 * field fails every leaf but isNull/isNotNull. like and regex are refused here: a condition runs
 * on every write it governs, and these are the costly ops.
 */
final class Condition {
    private static final int MAX_NODES = 256;

    @FunctionalInterface
    private interface Node {
        boolean test(AccessSubject auth, Value data);
    }

    /** Where a leaf's operand comes from. */
    @FunctionalInterface
    private interface Operand {
        Value resolve(AccessSubject auth, Value data);
    }

    private final Node root;
    private final boolean readsData;

    private Condition(Node root, boolean readsData) {
        this.root = root;
        this.readsData = readsData;
    }

    static Condition compile(JsonNode node) throws InvalidPolicyException {
        boolean[] readsData = new boolean[1];
        int[] budget = {MAX_NODES};
        return new Condition(compile(node, "condition", readsData, budget), readsData[0]);
    }

    boolean test(AccessSubject auth, Value data) {
        return root.test(auth, data);
    }

    /** Whether the record matters: a condition on the subject alone can be decided once per subject. */
    boolean readsData() {
        return readsData;
    }

    private static Node compile(JsonNode node, String where, boolean[] readsData, int[] budget)
            throws InvalidPolicyException {
        if (--budget[0] < 0) {
            throw invalid("condition has more than " + MAX_NODES + " nodes");
        }
        if (node == null || !node.isObject()) {
            throw invalid(where + " must be an object {op, attribute?, value?, valueRef?, children?}");
        }
        JsonNode opNode = node.get("op");
        if (opNode == null || !opNode.isTextual()) {
            throw invalid(where + ": missing op");
        }
        String op = opNode.asText();
        String lower = op.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "and", "or", "not" -> {
                List<Node> children = children(node, op, where, readsData, budget);
                return switch (lower) {
                    case "and" -> (auth, data) -> {
                        for (Node child : children) {
                            if (!child.test(auth, data)) {
                                return false;
                            }
                        }
                        return true;
                    };
                    case "or" -> (auth, data) -> {
                        for (Node child : children) {
                            if (child.test(auth, data)) {
                                return true;
                            }
                        }
                        return false;
                    };
                    default -> children.isEmpty() ? (auth, data) -> true
                            : (auth, data) -> !children.getFirst().test(auth, data);
                };
            }
            case "isnull", "isnotnull" -> {
                Operand field = attribute(node, op, where, readsData);
                boolean wantNull = lower.equals("isnull");
                return (auth, data) -> ConditionValues.isMissing(field.resolve(auth, data)) == wantNull;
            }
            case "eq", "neq", "gt", "gte", "lt", "lte", "in", "between", "containsall", "containsany",
                 "startswith", "endswith" -> {
                Operand field = attribute(node, op, where, readsData);
                Operand expected = expected(node, op, where, readsData);
                return leaf(lower, field, expected);
            }
            case "like", "regex" -> throw invalid(where + ": op '" + op
                    + "' is not available in policy conditions (they run on every write they govern)");
            default -> throw invalid(where + ": unknown op '" + op + "'");
        }
    }

    private static Node leaf(String op, Operand field, Operand expected) {
        return (auth, data) -> {
            Value actual = field.resolve(auth, data);
            Value wanted = expected.resolve(auth, data);
            if (ConditionValues.isMissing(actual) || wanted == null) {
                return false;
            }
            return switch (op) {
                case "eq" -> ConditionValues.equal(actual, wanted);
                case "neq" -> !ConditionValues.equal(actual, wanted);
                case "gt" -> holds(ConditionValues.compare(actual, wanted), 1, 1);
                case "gte" -> holds(ConditionValues.compare(actual, wanted), 0, 1);
                case "lt" -> holds(ConditionValues.compare(actual, wanted), -1, -1);
                case "lte" -> holds(ConditionValues.compare(actual, wanted), -1, 0);
                case "in" -> (wanted.isArrayValue() && ConditionValues.containsEqual(wanted.asArrayValue().list(), actual))
                        || (actual.isArrayValue() && ConditionValues.containsEqual(actual.asArrayValue().list(), wanted));
                case "between" -> wanted.isArrayValue() && wanted.asArrayValue().size() == 2
                        && holds(ConditionValues.compare(actual, wanted.asArrayValue().get(0)), 0, 1)
                        && holds(ConditionValues.compare(actual, wanted.asArrayValue().get(1)), -1, 0);
                case "containsall" -> {
                    List<Value> have = ConditionValues.items(actual);
                    for (Value item : ConditionValues.items(wanted)) {
                        if (!ConditionValues.containsEqual(have, item)) {
                            yield false;
                        }
                    }
                    yield true;
                }
                case "containsany" -> {
                    List<Value> have = ConditionValues.items(actual);
                    for (Value item : ConditionValues.items(wanted)) {
                        if (ConditionValues.containsEqual(have, item)) {
                            yield true;
                        }
                    }
                    yield false;
                }
                case "startswith" -> actual.isStringValue() && wanted.isStringValue()
                        && actual.asStringValue().toString().startsWith(wanted.asStringValue().toString());
                case "endswith" -> actual.isStringValue() && wanted.isStringValue()
                        && actual.asStringValue().toString().endsWith(wanted.asStringValue().toString());
                default -> throw new AssertionError(op);
            };
        };
    }

    /** True when the comparison exists and lies within [low, high] (as a sign). */
    private static boolean holds(Integer comparison, int low, int high) {
        if (comparison == null) {
            return false;
        }
        int sign = Integer.signum(comparison);
        return sign >= low && sign <= high;
    }

    private static Operand attribute(JsonNode node, String op, String where, boolean[] readsData)
            throws InvalidPolicyException {
        JsonNode attribute = node.get("attribute");
        if (attribute == null || !attribute.isTextual() || attribute.asText().isEmpty()) {
            throw invalid(where + ": op '" + op + "' needs an attribute");
        }
        String path = attribute.asText();
        if (path.startsWith("auth.")) {
            return authRef(path.substring("auth.".length()), where);
        }
        readsData[0] = true;
        return dataRef(path);
    }

    private static Operand expected(JsonNode node, String op, String where, boolean[] readsData)
            throws InvalidPolicyException {
        JsonNode ref = node.get("valueRef");
        if (ref != null && !ref.isNull()) {
            if (!ref.isTextual()) {
                throw invalid(where + ": valueRef must be a string auth.<path> or data.<path>");
            }
            String text = ref.asText();
            if (text.startsWith("auth.")) {
                return authRef(text.substring("auth.".length()), where);
            }
            if (text.startsWith("data.")) {
                readsData[0] = true;
                return dataRef(text.substring("data.".length()));
            }
            throw invalid(where + ": valueRef '" + text + "' must start with auth. or data.");
        }
        JsonNode value = node.get("value");
        if (value == null) {
            throw invalid(where + ": op '" + op + "' needs a value or a valueRef");
        }
        Value constant = toValue(value);
        return (auth, data) -> constant;
    }

    private static Operand authRef(String name, String where) throws InvalidPolicyException {
        return switch (name) {
            case "id", "sub" -> (auth, data) -> auth.isKnown() ? ValueFactory.newString(auth.id()) : null;
            case "roles" -> (auth, data) -> {
                if (!auth.isKnown()) {
                    return null;
                }
                List<Value> roles = new ArrayList<>(auth.roles().size());
                for (String role : auth.roles()) {
                    roles.add(ValueFactory.newString(role));
                }
                return ValueFactory.newArray(roles);
            };
            default -> throw invalid(where + ": auth." + name + " is not known (auth.id, auth.roles)");
        };
    }

    private static Operand dataRef(String dotted) {
        String[] path = dotted.split("\\.", -1);
        return (auth, data) -> {
            Value current = data;
            for (String step : path) {
                current = field(current, step);
                if (current == null) {
                    return null;
                }
            }
            return current;
        };
    }

    private static Value field(Value value, String name) {
        if (value == null || !value.isMapValue()) {
            return null;
        }
        for (Map.Entry<Value, Value> entry : value.asMapValue().entrySet()) {
            if (entry.getKey().isStringValue() && entry.getKey().asStringValue().toString().equals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static List<Node> children(JsonNode node, String op, String where, boolean[] readsData, int[] budget)
            throws InvalidPolicyException {
        JsonNode children = node.get("children");
        if (children == null || !children.isArray()) {
            throw invalid(where + ": op '" + op + "' needs children (an array)");
        }
        List<Node> compiled = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            compiled.add(compile(children.get(i), where + ".children[" + i + "]", readsData, budget));
        }
        return List.copyOf(compiled);
    }

    /** A JSON literal as the MessagePack value records hold. */
    static Value toValue(JsonNode json) {
        if (json.isNull()) {
            return ValueFactory.newNil();
        }
        if (json.isBoolean()) {
            return ValueFactory.newBoolean(json.asBoolean());
        }
        if (json.isIntegralNumber()) {
            return json.canConvertToLong() ? ValueFactory.newInteger(json.asLong())
                    : ValueFactory.newInteger(json.bigIntegerValue());
        }
        if (json.isNumber()) {
            return ValueFactory.newFloat(json.asDouble());
        }
        if (json.isTextual()) {
            return ValueFactory.newString(json.asText());
        }
        if (json.isArray()) {
            List<Value> items = new ArrayList<>(json.size());
            json.forEach(item -> items.add(toValue(item)));
            return ValueFactory.newArray(items);
        }
        ValueFactory.MapBuilder map = ValueFactory.newMapBuilder();
        json.properties().forEach(e -> map.put(ValueFactory.newString(e.getKey()), toValue(e.getValue())));
        return map.build();
    }

    private static InvalidPolicyException invalid(String message) {
        return new InvalidPolicyException(message, "condition");
    }
}
