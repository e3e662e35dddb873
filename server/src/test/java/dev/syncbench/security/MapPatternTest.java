package dev.syncbench.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** mapPattern globs as reference features §3.1 defines them. */
class MapPatternTest {

    @ParameterizedTest(name = "{0} vs ''{1}'' -> {2}")
    @CsvSource(value = {
            "*, users, true", "*, '', true", "**, a.b.c, true",
            "users.*, users.a, true", "users.*, users, false", "users.*, users.a.b, false",
            "users.**, users, true", "users.**, users.a, true", "users.**, users.a.b, true", "users.**, usersx, false",
            "**.logs, logs, true", "**.logs, a.b.logs, true", "**.logs, a.logs.x, false",
            "a.**.z, a.z, true", "a.**.z, a.b.c.z, true", "a.**.z, a.b.c, false",
            "a.*.c, a.b.c, true", "a.*.c, a.c, false",
            "Users, users, false", "notes, notes, true", "notes, notes.x, false"}, emptyValue = "")
    void matches(String pattern, String mapName, boolean expected) throws Exception {
        assertEquals(expected, MapPattern.compile(pattern).matches(mapName));
    }
}
