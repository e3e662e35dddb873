package dev.syncbench.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncbench.store.DurableLog;
import dev.syncbench.store.StoreKey;
import dev.syncbench.store.StoreKind;
import dev.syncbench.store.StoreOpenException;
import dev.syncbench.store.StoreWriteException;
import dev.syncbench.store.StoredChange;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A PostgreSQL table of entries, one row per key. Each group is one statement, hence one round
 * trip and one transaction: a delete of the removed keys and a multi-row upsert of the rest,
 * passed as arrays. With {@code sync} the commit waits for PostgreSQL's WAL flush
 * ({@code synchronous_commit = on}); without, it returns once the server has the transaction
 * ({@code synchronous_commit = off}: a PostgreSQL crash may lose its last moments, our own
 * process dying loses nothing).
 *
 * <p>Map names and keys are stored as UTF-8 {@code bytea}, since {@code text} cannot hold NUL.
 */
public final class PostgresLog implements DurableLog {
    static final String TABLE = "syncbench_entries";
    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + " kind smallint NOT NULL,"
            + " map_name bytea NOT NULL,"
            + " entry_key bytea NOT NULL,"
            + " state bytea NOT NULL,"
            + " PRIMARY KEY (kind, map_name, entry_key))";
    private static final String WRITE = "WITH removed AS ("
            + " DELETE FROM " + TABLE + " t USING unnest(?::smallint[], ?::bytea[], ?::bytea[]) AS d(kind, map_name, entry_key)"
            + " WHERE t.kind = d.kind AND t.map_name = d.map_name AND t.entry_key = d.entry_key)"
            + " INSERT INTO " + TABLE + " (kind, map_name, entry_key, state)"
            + " SELECT * FROM unnest(?::smallint[], ?::bytea[], ?::bytea[], ?::bytea[])"
            + " ON CONFLICT (kind, map_name, entry_key) DO UPDATE SET state = EXCLUDED.state";
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final int SOCKET_TIMEOUT_SECONDS = 30;

    private final PostgresSettings settings;
    private final boolean sync;
    private final HikariDataSource pool;

    private PostgresLog(PostgresSettings settings, boolean sync, HikariDataSource pool) {
        this.settings = settings;
        this.sync = sync;
        this.pool = pool;
    }

    /**
     * Connects and creates the table if missing.
     *
     * @throws StoreOpenException when the database cannot be reached or the table not created
     */
    public static PostgresLog open(PostgresSettings settings, boolean sync) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("syncbench-store");
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        config.setInitializationFailTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        config.setConnectionInitSql("SET synchronous_commit = " + (sync ? "on" : "off"));
        config.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
        config.addDataSourceProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
        config.addDataSourceProperty("tcpKeepAlive", true);
        config.addDataSourceProperty("ApplicationName", "syncbench");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreOpenException("cannot reach PostgreSQL at " + settings.describe() + ": " + rootMessage(e), e);
        }
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
        } catch (SQLException e) {
            pool.close();
            throw new StoreOpenException("cannot create the table " + TABLE + " in PostgreSQL at "
                    + settings.describe() + ": " + e.getMessage(), e);
        }
        return new PostgresLog(settings, sync, pool);
    }

    @Override
    public void load(BiConsumer<StoreKey, byte[]> sink) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false); // lets the driver stream rows by fetch size
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT kind, map_name, entry_key, state FROM " + TABLE)) {
                select.setFetchSize(10_000);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        StoreKind kind = StoreKind.ofCode(rows.getShort(1));
                        if (kind == null) {
                            throw new StoreOpenException("table " + TABLE + " at " + settings.describe()
                                    + " holds an entry of unknown kind " + rows.getShort(1) + "; nothing was changed");
                        }
                        sink.accept(new StoreKey(kind, utf8(rows.getBytes(2)), utf8(rows.getBytes(3))), rows.getBytes(4));
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new StoreOpenException("cannot read the table " + TABLE + " from PostgreSQL at "
                    + settings.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(List<StoredChange> changes) throws StoreWriteException {
        List<Short> removedKinds = new ArrayList<>();
        List<byte[]> removedMaps = new ArrayList<>();
        List<byte[]> removedKeys = new ArrayList<>();
        List<Short> kinds = new ArrayList<>(changes.size());
        List<byte[]> maps = new ArrayList<>(changes.size());
        List<byte[]> keys = new ArrayList<>(changes.size());
        List<byte[]> states = new ArrayList<>(changes.size());
        for (StoredChange change : changes) {
            StoreKey key = change.key();
            boolean removed = change.state() == null;
            (removed ? removedKinds : kinds).add((short) key.kind().code());
            (removed ? removedMaps : maps).add(key.mapName().getBytes(StandardCharsets.UTF_8));
            (removed ? removedKeys : keys).add(key.key().getBytes(StandardCharsets.UTF_8));
            if (!removed) {
                states.add(change.state());
            }
        }
        try (Connection connection = pool.getConnection(); PreparedStatement write = connection.prepareStatement(WRITE)) {
            write.setArray(1, connection.createArrayOf("int2", removedKinds.toArray(new Short[0])));
            write.setArray(2, connection.createArrayOf("bytea", removedMaps.toArray(new byte[0][])));
            write.setArray(3, connection.createArrayOf("bytea", removedKeys.toArray(new byte[0][])));
            write.setArray(4, connection.createArrayOf("int2", kinds.toArray(new Short[0])));
            write.setArray(5, connection.createArrayOf("bytea", maps.toArray(new byte[0][])));
            write.setArray(6, connection.createArrayOf("bytea", keys.toArray(new byte[0][])));
            write.setArray(7, connection.createArrayOf("bytea", states.toArray(new byte[0][])));
            write.executeUpdate();
        } catch (SQLException e) {
            throw new StoreWriteException(e.getMessage(), e);
        }
    }

    @Override
    public boolean syncs() {
        return sync;
    }

    @Override
    public String description() {
        return "postgres at " + settings.describe();
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
