package dev.syncbench.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresSettingsTest {

    @Test
    void aJdbcUrlIsUsedAsItIs() {
        PostgresSettings settings = PostgresSettings.from("jdbc:postgresql://db:6543/app?user=u&password=p", Map.of());
        assertEquals(new PostgresSettings("jdbc:postgresql://db:6543/app?user=u&password=p", null, null), settings);
        assertEquals("jdbc:postgresql://db:6543/app", settings.describe());
    }

    @Test
    void aLibpqUrlBecomesAJdbcUrlWithDecodedCredentials() {
        PostgresSettings settings = PostgresSettings.from("postgres://sync%40bench:p%3Ass@db.example:6543/app?sslmode=require", Map.of());
        assertEquals(new PostgresSettings("jdbc:postgresql://db.example:6543/app?sslmode=require", "sync@bench", "p:ss"), settings);
        assertEquals(new PostgresSettings("jdbc:postgresql://localhost:5432/me", "me", null),
                PostgresSettings.from("postgresql://me@localhost", Map.of()));
    }

    @Test
    void withoutAUrlTheLibpqVariablesApply() {
        assertEquals(new PostgresSettings("jdbc:postgresql://pg:5433/shop", "alice", "secret"),
                PostgresSettings.from(null, Map.of("PGHOST", "pg", "PGPORT", "5433", "PGDATABASE", "shop",
                        "PGUSER", "alice", "PGPASSWORD", "secret")));
        assertEquals(new PostgresSettings("jdbc:postgresql://localhost:5432/bob", "bob", null),
                PostgresSettings.from(" ", Map.of("PGUSER", "bob")));
    }

    @Test
    void anotherSchemeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresSettings.from("mysql://db/app", Map.of()));
        assertTrue(e.getMessage().contains("DATABASE_URL must start with"), e.getMessage());
    }
}
