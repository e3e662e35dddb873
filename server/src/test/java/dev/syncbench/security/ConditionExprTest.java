package dev.syncbench.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** conditionExpr as reference features §3.7 maps it to predicate trees. */
class ConditionExprTest {

    private static String parse(String expression) throws InvalidPolicyException {
        return ConditionExpr.parse(expression).toString();
    }

    @Test
    void theOwnerCheckIsSwappedSoTheRecordFieldIsTheAttribute() throws Exception {
        assertEquals("{\"op\":\"eq\",\"attribute\":\"ownerId\",\"valueRef\":\"auth.id\"}", parse("auth.id == data.ownerId"));
        assertEquals("{\"op\":\"eq\",\"attribute\":\"ownerId\",\"valueRef\":\"auth.id\"}", parse("data.ownerId == auth.id"));
    }

    @Test
    void anOrderingIsMirroredWhenItsSidesSwap() throws Exception {
        assertEquals("{\"op\":\"lt\",\"attribute\":\"age\",\"value\":18}", parse("18 > data.age"));
        assertEquals("{\"op\":\"gte\",\"attribute\":\"score\",\"value\":1.5}", parse("data.score >= 1.5"));
    }

    @Test
    void precedenceIsOrThenAndThenNotThenParentheses() throws Exception {
        assertEquals("{\"op\":\"or\",\"children\":[{\"op\":\"eq\",\"attribute\":\"a\",\"value\":1},"
                + "{\"op\":\"and\",\"children\":[{\"op\":\"eq\",\"attribute\":\"b\",\"value\":2},"
                + "{\"op\":\"not\",\"children\":[{\"op\":\"eq\",\"attribute\":\"c\",\"value\":3}]}]}]}",
                parse("data.a == 1 || data.b == 2 && !data.c == 3"));
        assertEquals("{\"op\":\"and\",\"children\":[{\"op\":\"or\",\"children\":[{\"op\":\"eq\",\"attribute\":\"a\","
                + "\"value\":1},{\"op\":\"eq\",\"attribute\":\"b\",\"value\":2}]},{\"op\":\"eq\",\"attribute\":\"c\","
                + "\"value\":true}]}", parse("(data.a == 1 || data.b == 2) && data.c == true"));
    }

    @Test
    void wordOperatorsAndLiterals() throws Exception {
        assertEquals("{\"op\":\"in\",\"attribute\":\"team\",\"valueRef\":\"auth.roles\"}", parse("data.team in auth.roles"));
        assertEquals("{\"op\":\"in\",\"attribute\":\"tags\",\"value\":\"x\"}", parse("data.tags contains 'x'"));
        assertEquals("{\"op\":\"startsWith\",\"attribute\":\"path\",\"value\":\"it's\"}",
                parse("data.path startsWith 'it\\'s'"));
        assertEquals("{\"op\":\"neq\",\"attribute\":\"deleted\",\"value\":null}", parse("data.deleted != null"));
        assertEquals("{\"op\":\"eq\",\"attribute\":\"auth.id\",\"value\":\"bob\"}", parse("auth.id == 'bob'"));
    }

    @Test
    void errorsGiveThePositionAndACaret() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> parse("data.a = 1"));
        assertEquals("parse error at position 7: expected '==' (single '=' is not valid)\n  data.a = 1\n         ^",
                e.getMessage());
        assertEquals("conditionExpr", e.field());
        assertTrue(assertThrows(InvalidPolicyException.class, () -> parse("1 in data.x")).getMessage()
                .contains("the left side of 'in' must be a data.* field"));
        assertTrue(assertThrows(InvalidPolicyException.class, () -> parse("user.id == 1")).getMessage()
                .contains("unknown reference 'user.id'"));
        assertTrue(assertThrows(InvalidPolicyException.class, () -> parse("(data.a == 1")).getMessage()
                .contains("expected ')'"));
        assertTrue(assertThrows(InvalidPolicyException.class, () -> parse("(".repeat(100) + "data.a == 1"))
                .getMessage().contains("nested deeper than 64"));
    }
}
