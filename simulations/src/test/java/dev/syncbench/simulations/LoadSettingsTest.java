package dev.syncbench.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadSettingsTest {
    private static final List<String> PROPERTIES =
            List.of("connections", "duration", "interval", "batchSize", "window", "target", "jwt.secret");

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
        assertEquals("-Dtarget=http://127.0.0.1:9000/ws is not a WebSocket URL (expected ws://host:port/ws)",
                error.getMessage());
    }
}
