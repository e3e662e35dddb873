package dev.syncbench.support;

import dev.syncbench.store.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the postgres tests use: {@code SYNCBENCH_TEST_DATABASE_URL} (any
 * DATABASE_URL form), else {@link #LOCAL_DEFAULT}. When the variable is set, or {@code CI} is,
 * an unreachable server fails the test; otherwise the test is skipped with a note on how to run it.
 */
public final class TestPostgres {
    public static final String ENV = "SYNCBENCH_TEST_DATABASE_URL";
    public static final String LOCAL_DEFAULT = "postgres://syncbench:syncbench@127.0.0.1:5432/syncbench_test";

    private TestPostgres() {
    }

    public static String databaseUrl() {
        String url = System.getenv(ENV);
        return url == null || url.isBlank() ? LOCAL_DEFAULT : url;
    }

    public static PostgresSettings settings() {
        return PostgresSettings.from(databaseUrl(), Map.of());
    }

    /** Connects or ends the test (failed in CI, skipped elsewhere); then drops syncbench's table for a fresh start. */
    public static void requireEmpty() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS syncbench_entries");
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + settings().describe() + " (" + e.getMessage()
                    + "); start one and set " + ENV + " (see README, 'Storage')";
            boolean required = System.getenv(ENV) != null || System.getenv("CI") != null;
            if (required) {
                throw new AssertionError(message, e);
            }
            Assumptions.abort(message);
        }
    }

    public static Connection connect() throws SQLException {
        PostgresSettings settings = settings();
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }
}
