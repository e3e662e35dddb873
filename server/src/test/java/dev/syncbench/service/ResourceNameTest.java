package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResourceNameTest {

    @Test
    void acceptsEveryAllowedCharacter() {
        assertTrue(ResourceName.isValid("abcXYZ019_-.:/"));
        assertTrue(ResourceName.isValid("a"));
        assertTrue(ResourceName.isValid("x".repeat(256)));
    }

    @Test
    void refusesEmptyNullAndTooLong() {
        assertFalse(ResourceName.isValid(""));
        assertFalse(ResourceName.isValid(null));
        assertFalse(ResourceName.isValid("x".repeat(257)));
    }

    @Test
    void refusesCharactersOutsideTheSet() {
        for (String bad : new String[] {"a b", "a*", "a#b", "é", "a\u0000", "a\nb", "a@b", "a+b", "a,b", "<a>"}) {
            assertFalse(ResourceName.isValid(bad), bad);
        }
    }

    @Test
    void quoteCutsVeryLongNames() {
        String quoted = ResourceName.quote("y".repeat(10_000));
        assertTrue(quoted.length() < 120, quoted);
        assertTrue(quoted.contains("10000 characters"), quoted);
    }
}
