package dev.syncbench.simulations.target;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.store.postgres.PostgresSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;

/**
 * Which store the syncbench server under load keeps its records in: {@code -Dstorage=memory}
 * (default), {@code rocksdb} (a fresh data directory under {@code simulations/target}) or
 * {@code postgres} (DATABASE_URL or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE; the run starts by
 * dropping the server's table there), and {@code -Dstorage.sync=os|fsync}. The embedded and jar
 * targets use it; runs record it as their {@code store}: the backend, with {@code /fsync} when synced.
 */
public record StorageChoice(String backend, String sync) {
    private static final Set<String> BACKENDS = Set.of("memory", "rocksdb", "postgres");
    private static final Set<String> SYNCS = Set.of("os", "fsync");

    public static StorageChoice fromSystemProperties() {
        String backend = System.getProperty("storage", "memory").trim();
        String sync = System.getProperty("storage.sync", "os").trim();
        if (!BACKENDS.contains(backend)) {
            throw new BadInputException("-Dstorage must be one of " + BACKENDS + ", got '" + backend + "'");
        }
        if (!SYNCS.contains(sync)) {
            throw new BadInputException("-Dstorage.sync must be one of " + SYNCS + ", got '" + sync + "'");
        }
        return new StorageChoice(backend, sync);
    }

    /** The run's {@code store}: "memory", "rocksdb", "rocksdb/fsync", "postgres", ... */
    public String label() {
        return backend.equals("memory") || sync.equals("os") ? backend : backend + "/" + sync;
    }

    /** A new, empty data directory for a RocksDB run. */
    Path freshDataDir(Path buildDir) {
        try {
            Files.createDirectories(buildDir);
            return Files.createTempDirectory(buildDir, "storage-");
        } catch (IOException e) {
            throw new BadInputException("cannot create a data directory under " + buildDir + ": " + e.getMessage());
        }
    }

    /** Drops the server's table so a postgres run starts from an empty store, as the others do. */
    void emptyPostgres() {
        PostgresSettings settings = PostgresSettings.from(System.getenv("DATABASE_URL"), System.getenv());
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS syncbench_entries");
        } catch (SQLException e) {
            throw new BadInputException("-Dstorage=postgres: cannot reach PostgreSQL at " + settings.describe()
                    + " (set DATABASE_URL or PGHOST/PGUSER/...): " + e.getMessage());
        }
    }

    /** The server jar's environment for this choice. */
    Map<String, String> jarEnvironment(Path buildDir) {
        return switch (backend) {
            case "rocksdb" -> Map.of("STORAGE_BACKEND", backend, "STORAGE_SYNC", sync,
                    "DATA_DIR", freshDataDir(buildDir).toString());
            case "postgres" -> {
                emptyPostgres();
                yield Map.of("STORAGE_BACKEND", backend, "STORAGE_SYNC", sync);
            }
            default -> Map.of("STORAGE_BACKEND", "memory");
        };
    }
}
