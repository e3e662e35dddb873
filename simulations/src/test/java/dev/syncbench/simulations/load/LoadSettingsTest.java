package dev.syncbench.simulations.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.syncbench.simulations.target.TargetKind;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadSettingsTest {
    private static final List<String> PROPERTIES =
            List.of("connections", "duration", "interval", "batchSize", "window", "target", "jwt.secret", "ceiling",
                    "jar.jvmArgs", "server.command");

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
        assertEquals("-Dtarget=http://127.0.0.1:9000/ws is not a WebSocket URL (expected embedded, echo, jar, process "
                + "or ws://host:port/ws)", error.getMessage());
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
