package dev.syncbench.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses a policy's {@code conditionExpr} (reference features §3.7) into the predicate tree a
 * {@code condition} holds: {@code ||}, then {@code &&}, then unary {@code !}, then parentheses;
 * comparisons {@code ref op value} with {@code == != > < >= <=}; {@code data.x in auth.y},
 * {@code data.x contains v}, {@code containsAll}, {@code containsAny}, {@code startsWith},
 * {@code endsWith}. Strings in single quotes, numbers, {@code true false null}.
 *
 * <p>{@code auth.id == data.ownerId} is swapped into {@code {op:eq, attribute:ownerId,
 * valueRef:auth.id}} (an ordering op is mirrored as it swaps). {@code auth.id == 'bob'} becomes
 * {@code {attribute:"auth.id", value:"bob"}}, which a condition resolves against the subject.
 * Errors read {@code parse error at position N: <message>} followed by the text and a caret.
 */
public final class ConditionExpr {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_LENGTH = 4096;
    private static final int MAX_NESTING = 64;
    private static final Map<String, String> COMPARISONS = Map.of(
            "==", "eq", "!=", "neq", ">", "gt", "<", "lt", ">=", "gte", "<=", "lte");
    private static final Map<String, String> MIRRORED = Map.of(
            "eq", "eq", "neq", "neq", "gt", "lt", "lt", "gt", "gte", "lte", "lte", "gte");
    private static final Map<String, String> WORD_OPS = Map.of(
            "in", "in", "contains", "in", "containsAll", "containsAll", "containsAny", "containsAny",
            "startsWith", "startsWith", "endsWith", "endsWith");

    private enum Kind { REF, STRING, NUMBER, LITERAL, OP, LPAREN, RPAREN, END }

    private record Token(Kind kind, String text, int position) {
    }

    private final String source;
    private final List<Token> tokens;
    private int next;
    private int depth;

    private ConditionExpr(String source) throws InvalidPolicyException {
        this.source = source;
        this.tokens = tokenize(source);
    }

    /** @throws InvalidPolicyException (field {@code conditionExpr}) with the position and a caret */
    public static JsonNode parse(String expression) throws InvalidPolicyException {
        if (expression == null || expression.isBlank()) {
            throw new InvalidPolicyException("conditionExpr must not be empty", "conditionExpr");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new InvalidPolicyException("conditionExpr of " + expression.length()
                    + " characters exceeds the limit of " + MAX_LENGTH, "conditionExpr");
        }
        ConditionExpr parser = new ConditionExpr(expression);
        JsonNode tree = parser.or();
        Token trailing = parser.peek();
        if (trailing.kind() != Kind.END) {
            throw parser.error(trailing.position(), "unexpected token after expression");
        }
        return tree;
    }

    private JsonNode or() throws InvalidPolicyException {
        JsonNode left = and();
        List<JsonNode> terms = null;
        while (peekOp("||")) {
            next++;
            if (terms == null) {
                terms = new ArrayList<>(List.of(left));
            }
            terms.add(and());
        }
        return terms == null ? left : combinator("or", terms);
    }

    private JsonNode and() throws InvalidPolicyException {
        JsonNode left = unary();
        List<JsonNode> terms = null;
        while (peekOp("&&")) {
            next++;
            if (terms == null) {
                terms = new ArrayList<>(List.of(left));
            }
            terms.add(unary());
        }
        return terms == null ? left : combinator("and", terms);
    }

    private JsonNode unary() throws InvalidPolicyException {
        if (++depth > MAX_NESTING) {
            throw error(peek().position(), "nested deeper than " + MAX_NESTING + " levels");
        }
        try {
            if (peekOp("!")) {
                next++;
                return combinator("not", List.of(unary()));
            }
            if (peek().kind() == Kind.LPAREN) {
                next++;
                JsonNode inner = or();
                Token close = peek();
                if (close.kind() != Kind.RPAREN) {
                    throw error(close.position(), "expected ')'");
                }
                next++;
                return inner;
            }
            return comparison();
        } finally {
            depth--;
        }
    }

    private JsonNode comparison() throws InvalidPolicyException {
        Token left = operand();
        Token op = peek();
        String name;
        boolean word = false;
        if (op.kind() == Kind.OP && COMPARISONS.containsKey(op.text())) {
            name = COMPARISONS.get(op.text());
        } else if (op.kind() == Kind.REF && WORD_OPS.containsKey(op.text())) {
            name = WORD_OPS.get(op.text());
            word = true;
        } else if (op.kind() == Kind.OP && op.text().equals("=")) {
            throw error(op.position(), "expected '==' (single '=' is not valid)");
        } else {
            throw error(op.position(), "expected a comparison (==, !=, >, <, >=, <=, in, contains, containsAll,"
                    + " containsAny, startsWith, endsWith)");
        }
        next++;
        Token right = operand();
        if (word) {
            // The left side names the field tested: data.* (or, ours, the subject's auth.*).
            if (left.kind() != Kind.REF) {
                throw error(left.position(), "the left side of '" + op.text() + "' must be a data.* field");
            }
            return leaf(name, left, right);
        }
        if (left.kind() != Kind.REF && right.kind() == Kind.REF) {
            return leaf(MIRRORED.get(name), right, left);
        }
        if (left.kind() == Kind.REF && right.kind() == Kind.REF
                && left.text().startsWith("auth.") && right.text().startsWith("data.")) {
            return leaf(MIRRORED.get(name), right, left);
        }
        if (left.kind() != Kind.REF) {
            throw error(left.position(), "a comparison needs a data.* or auth.* field on one side");
        }
        return leaf(name, left, right);
    }

    /** {@code {op, attribute, value | valueRef}} with the field on the left. */
    private JsonNode leaf(String op, Token field, Token operand) throws InvalidPolicyException {
        ObjectNode node = JSON.objectNode();
        node.put("op", op);
        node.put("attribute", field.text().startsWith("data.") ? field.text().substring("data.".length()) : field.text());
        if (operand.kind() == Kind.REF) {
            node.put("valueRef", operand.text());
        } else {
            node.set("value", literal(operand));
        }
        return node;
    }

    private Token operand() throws InvalidPolicyException {
        Token token = peek();
        switch (token.kind()) {
            case REF -> {
                if (!token.text().startsWith("data.") && !token.text().startsWith("auth.")) {
                    throw error(token.position(), "unknown reference '" + token.text()
                            + "' (fields are data.<path> or auth.id / auth.roles)");
                }
            }
            case STRING, NUMBER, LITERAL -> { }
            default -> throw error(token.position(), token.kind() == Kind.END
                    ? "unexpected end of expression" : "expected a field or a value");
        }
        next++;
        return token;
    }

    private JsonNode literal(Token token) throws InvalidPolicyException {
        return switch (token.kind()) {
            case STRING -> JSON.textNode(token.text());
            case LITERAL -> switch (token.text()) {
                case "true" -> JSON.booleanNode(true);
                case "false" -> JSON.booleanNode(false);
                default -> JSON.nullNode();
            };
            case NUMBER -> {
                try {
                    yield token.text().contains(".") ? JSON.numberNode(Double.parseDouble(token.text()))
                            : JSON.numberNode(Long.parseLong(token.text()));
                } catch (NumberFormatException e) {
                    throw error(token.position(), "number out of range");
                }
            }
            default -> throw new AssertionError(token);
        };
    }

    private static JsonNode combinator(String op, List<JsonNode> children) {
        ObjectNode node = JSON.objectNode();
        node.put("op", op);
        ArrayNode array = node.putArray("children");
        children.forEach(array::add);
        return node;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean peekOp(String text) {
        Token token = peek();
        return token.kind() == Kind.OP && token.text().equals(text);
    }

    private List<Token> tokenize(String text) throws InvalidPolicyException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(new Token(c == '(' ? Kind.LPAREN : Kind.RPAREN, String.valueOf(c), i));
                i++;
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                int start = i++;
                while (i < text.length() && text.charAt(i) != '\'') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                if (i >= text.length()) {
                    throw error(start, "unterminated string literal");
                }
                i++;
                out.add(new Token(Kind.STRING, value.toString(), start));
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                int start = i++;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                String number = text.substring(start, i);
                if (number.indexOf('.') != number.lastIndexOf('.') || number.endsWith(".")) {
                    throw error(start, "malformed number '" + number + "'");
                }
                out.add(new Token(Kind.NUMBER, number, start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                        || text.charAt(i) == '.')) {
                    i++;
                }
                String word = text.substring(start, i);
                boolean literal = word.equals("true") || word.equals("false") || word.equals("null");
                out.add(new Token(literal ? Kind.LITERAL : Kind.REF, word, start));
            } else {
                int start = i;
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                if (List.of("==", "!=", ">=", "<=", "&&", "||").contains(two)) {
                    out.add(new Token(Kind.OP, two, start));
                    i += 2;
                } else if ("<>!=".indexOf(c) >= 0) {
                    out.add(new Token(Kind.OP, String.valueOf(c), start));
                    i++;
                } else {
                    throw error(start, "unexpected character '" + c + "'");
                }
            }
        }
        out.add(new Token(Kind.END, "", text.length()));
        return out;
    }

    private InvalidPolicyException error(int position, String message) {
        return new InvalidPolicyException("parse error at position " + position + ": " + message + "\n  "
                + source + "\n  " + " ".repeat(position) + "^", "conditionExpr");
    }
}
