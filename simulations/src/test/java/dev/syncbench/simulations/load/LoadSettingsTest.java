package dev.syncbench.simulations.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.syncbench.simulations.target.TargetKind;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadSettingsTest {
    private static final List<String> PROPERTIES =
            List.of("connections", "duration", "interval", "batchSize", "window", "target", "jwt.secret", "ceiling",
                    "jar.jvmArgs", "server.command", "map");

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void defaultsAreTopGunHarnessDefaults() {
        LoadSettings settings = LoadSettings.fromSystemProperties();
        assertEquals(200, settings.connections());
        assertEquals(30, settings.durationSecs());
        assertEquals(50, settings.intervalMs());
        assertEquals(10, settings.batchSize());
        assertEquals(50, settings.window());
        assertNull(settings.target());
        assertEquals("test-e2e-secret", settings.jwtSecret());
    }

    @Test
    void readsEveryParameter() {
        System.setProperty("connections", "50");
        System.setProperty("duration", "10");
        System.setProperty("window", "0");
        System.setProperty("target", "ws://127.0.0.1:9000/ws");
        LoadSettings settings = LoadSettings.fromSystemProperties();
        assertEquals(50, settings.connections());
        assertEquals(10, settings.durationSecs());
        assertEquals(0, settings.window());
        assertEquals(URI.create("ws://127.0.0.1:9000/ws"), settings.target());
    }

    @Test
    void theLoadWritesTheBenchMapUnlessTheRunNamesItsOwn() {
        assertEquals("bench", LoadSettings.fromSystemProperties().map());
        System.setProperty("map", "injector-a");
        assertEquals("injector-a", LoadSettings.fromSystemProperties().map());
        String longest = "m".repeat(LoadSettings.MAX_MAP_LENGTH);
        System.setProperty("map", longest);
        assertEquals(longest, LoadSettings.fromSystemProperties().map());
    }

    @ParameterizedTest(name = "-Dmap=\"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                  | -Dmap is empty: name the map this run writes into, e.g. -Dmap=injector-a (default bench)
            "   "               | -Dmap is empty: name the map this run writes into, e.g. -Dmap=injector-a (default bench)
            "injector a"        | -Dmap=injector a has a space at 8: a map name is printable ASCII without spaces (letters, digits, - _ . and the like)
            "inj<TAB>ector"     | -Dmap=inj\\u0009ector has the character U+0009 at 3: a map name is printable ASCII without spaces (letters, digits, - _ . and the like)
            "injecteur-<E9>"    | -Dmap=injecteur-\\u00E9 has the character U+00E9 at 10: a map name is printable ASCII without spaces (letters, digits, - _ . and the like)
            "_topgun_bench"     | -Dmap=_topgun_bench is a reserved map (_topgun_*, __topgun_*), which the server refuses to clients; name another, e.g. -Dmap=injector-a
            "__topgun_policies" | -Dmap=__topgun_policies is a reserved map (_topgun_*, __topgun_*), which the server refuses to clients; name another, e.g. -Dmap=injector-a
            """)
    void aMapNameTheLoadCannotWriteIsRefusedSayingWhy(String map, String message) {
        System.setProperty("map", map.replace("<TAB>", "\t").replace("<E9>", "\u00e9"));
        BadInputException error = assertThrows(BadInputException.class, LoadSettings::fromSystemProperties);
        assertEquals(message, error.getMessage());
    }

    @Test
    void aMapNameLongerThanSixtyFourCharactersIsRefused() {
        System.setProperty("map", "m".repeat(65));
        BadInputException error = assertThrows(BadInputException.class, LoadSettings::fromSystemProperties);
        assertEquals("-Dmap=" + "m".repeat(65) + " is 65 characters long (at most 64)", error.getMessage());
    }

    @Test
    void aNegativeConnectionCountIsRefusedWithTheRange() {
        System.setProperty("connections", "-1");
        BadInputException error = assertThrows(BadInputException.class, LoadSettings::fromSystemProperties);
        assertEquals("-Dconnections=-1 is out of range (expected 1..100000, default 200)", error.getMessage());
    }

    @Test
    void aDurationThatIsNoNumberIsRefused() {
        System.setProperty("duration", "abc");
        BadInputException error = assertThrows(BadInputException.class, LoadSettings::fromSystemProperties);
        assertEquals("-Dduration=abc is not a whole number (expected 1..86400, default 30)", error.getMessage());
    }

    @Test
    void aTargetThatIsNoWebSocketUrlIsRefused() {
        System.setProperty("target", "http://127.0.0.1:9000/ws");
        BadInputException error = assertThrows(BadInputException.class, LoadSettings::fromSystemProperties);
        assertEquals("-Dtarget=http://127.0.0.1:9000/ws is not a WebSocket URL (expected embedded, echo, jar, process, "
                + "cluster, ws://host:port/ws or several such URLs separated by commas)", error.getMessage());
    }

    @Test
    void namedTargetsAndTheCeilingFlag() {
        assertEquals(TargetKind.EMBEDDED, LoadSettings.fromSystemProperties().targetKind());
        System.setProperty("target", "echo");
        assertEquals(TargetKind.ECHO, LoadSettings.fromSystemProperties().targetKind());
        System.setProperty("target", "jar");
        System.setProperty("ceiling", "true");
        System.setProperty("jar.jvmArgs", "-Xmx1g -XX:+UseParallelGC");
        LoadSettings jar = LoadSettings.fromSystemProperties();
        assertEquals(TargetKind.JAR, jar.targetKind());
        assertNull(jar.target());
        assertEquals(true, jar.ceiling());
        assertEquals("-Xmx1g -XX:+UseParallelGC", jar.jarJvmArgs());
        System.setProperty("target", "ws://h:1/ws");
        assertEquals(TargetKind.EXTERNAL, LoadSettings.fromSystemProperties().targetKind());
    }

    @Test
    void aServerProcessNeedsItsCommand() {
        System.setProperty("target", "process");
        BadInputException error = assertThrows(BadInputException.class, LoadSettings::fromSystemProperties);
        assertEquals("-Dtarget=process needs -Dserver.command=\"<the server's command line>\"", error.getMessage());
        System.setProperty("server.command", "topgun-server --port 0");
        LoadSettings process = LoadSettings.fromSystemProperties();
        assertEquals(TargetKind.PROCESS, process.targetKind());
        assertEquals("topgun-server --port 0", process.serverCommand());
    }

    @Test
    void aCeilingFlagThatIsNoBooleanIsRefused() {
        System.setProperty("ceiling", "yes");
        BadInputException error = assertThrows(BadInputException.class, LoadSettings::fromSystemProperties);
        assertEquals("-Dceiling=yes is neither true nor false", error.getMessage());
    }
}
