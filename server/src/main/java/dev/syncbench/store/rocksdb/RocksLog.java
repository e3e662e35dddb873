package dev.syncbench.store.rocksdb;

import dev.syncbench.store.DurableLog;
import dev.syncbench.store.StoreKey;
import dev.syncbench.store.StoreKind;
import dev.syncbench.store.StoreOpenException;
import dev.syncbench.store.StoreWriteException;
import dev.syncbench.store.StoredChange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.VectorMemTableConfig;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * An embedded RocksDB database in the data directory. Each group is one {@code WriteBatch}: in
 * the write-ahead log once {@link #write} returns (handed to the OS, or fsynced when opened to
 * sync). Only the store's writer thread and start-up use it; reads are served from memory.
 *
 * <p>Keys are {@code kind, map-name length (4 bytes), map name, key} in UTF-8; values are
 * {@link dev.syncbench.store.RecordCodec} bytes. A format entry marks a directory as syncbench's:
 * a directory holding anything else is refused, never written to.
 */
public final class RocksLog implements DurableLog {
    private static final Logger LOG = Logger.getLogger(RocksLog.class.getName());
    private static final byte META = 'M';
    private static final byte[] FORMAT_KEY = {META, 'f', 'o', 'r', 'm', 'a', 't'};
    private static final byte[] FORMAT = "syncbench-1".getBytes(StandardCharsets.UTF_8);
    /** Each memtable; at most two are in memory (one filling, one flushing). */
    private static final long WRITE_BUFFER_BYTES = 256L * 1024 * 1024;

    private final Path dir;
    private final boolean sync;
    private final WriteOptions writeOptions;
    private Options options;
    private RocksDB db;
    /** Why the last reopen failed, while db is null after one. */
    private String reopenFailure;

    private RocksLog(Path dir, boolean sync) {
        this.dir = dir;
        this.sync = sync;
        this.writeOptions = new WriteOptions().setSync(sync);
    }

    /**
     * Opens (or creates) the database in {@code dir}.
     *
     * @throws StoreOpenException when the directory is in use by another server, unreadable,
     *         not a syncbench data directory, or corrupt; nothing in it is changed
     */
    public static RocksLog open(Path dir, boolean sync) {
        RocksDB.loadLibrary();
        Path absolute = dir.toAbsolutePath().normalize();
        boolean fresh = checkDirectory(absolute);
        RocksLog log = new RocksLog(absolute, sync);
        try {
            if (!fresh) {
                log.checkFormatReadOnly();
            }
            log.openDb();
            if (fresh) {
                log.db.put(log.writeOptions, FORMAT_KEY, FORMAT);
                log.db.syncWal();
            }
        } catch (RocksDBException e) {
            log.close();
            throw log.openFailure(e);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        return log;
    }

    /** True when the directory is new or empty; refuses one that holds something not ours. */
    private static boolean checkDirectory(Path dir) {
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                return true;
            }
            if (!Files.isDirectory(dir)) {
                throw new StoreOpenException("DATA_DIR " + dir + " is not a directory");
            }
            if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
                throw new StoreOpenException("DATA_DIR " + dir + " is not readable and writable by this user");
            }
            try (Stream<Path> files = Files.list(dir)) {
                if (files.findAny().isEmpty()) {
                    return true;
                }
            }
            if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
                throw new StoreOpenException("DATA_DIR " + dir + " holds files but no syncbench database"
                        + " (no CURRENT file); refusing to write into it: point DATA_DIR at an empty directory"
                        + " or at a syncbench data directory");
            }
            return false;
        } catch (IOException e) {
            throw new StoreOpenException("cannot read DATA_DIR " + dir + ": " + e, e);
        }
    }

    private void openDb() {
        // The server reads this database only at start-up, so writes are made cheap at the expense
        // of reads: a vector memtable appends (sorted once, at flush), universal compaction
        // rewrites data far less often than levelled compaction, and large memtables with a
        // higher file-count trigger flush and compact less often (under fire-and-forget load,
        // flushes and compactions took a third of the server's CPU with RocksDB's defaults).
        options = new Options()
                .setCreateIfMissing(true)
                .setMemTableConfig(new VectorMemTableConfig())
                .setAllowConcurrentMemtableWrite(false)
                .setCompactionStyle(CompactionStyle.UNIVERSAL)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setParanoidChecks(true)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2)
                .setMaxTotalWalSize(256L * 1024 * 1024)
                .setMaxBackgroundJobs(2)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setLevel0FileNumCompactionTrigger(8);
        try {
            db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            options.close();
            throw openFailure(e);
        }
    }

    private StoreOpenException openFailure(RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
        if (message.contains("lock") || message.contains("LOCK")) {
            return new StoreOpenException("DATA_DIR " + dir + " is in use by another process (its LOCK is held):"
                    + " stop the other server or choose another DATA_DIR", e);
        }
        if (code == Status.Code.Corruption) {
            return new StoreOpenException("DATA_DIR " + dir + " is corrupt (" + message + "); nothing was changed:"
                    + " restore it from a backup or move it aside", e);
        }
        return new StoreOpenException("cannot open DATA_DIR " + dir + ": " + message, e);
    }

    /** Reads the format mark without writing anything, so a directory that is not ours stays untouched. */
    private void checkFormatReadOnly() throws RocksDBException {
        try (Options readOnly = new Options().setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
             RocksDB existing = RocksDB.openReadOnly(readOnly, dir.toString())) {
            byte[] format = existing.get(FORMAT_KEY);
            if (format == null || !Arrays.equals(format, FORMAT)) {
                throw new StoreOpenException("DATA_DIR " + dir + " holds a RocksDB database that is not a "
                        + new String(FORMAT, StandardCharsets.UTF_8) + " data directory; refusing to write into it");
            }
        }
    }

    @Override
    public void load(BiConsumer<StoreKey, byte[]> sink) {
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length > 0 && key[0] == META) {
                    continue;
                }
                sink.accept(decodeKey(key), it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw openFailure(e);
        }
    }

    @Override
    public void write(List<StoredChange> changes) throws StoreWriteException {
        if (db == null) {
            throw new StoreWriteException(reopenFailure, null);
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (StoredChange change : changes) {
                byte[] key = encodeKey(change.key());
                if (change.state() == null) {
                    batch.delete(key);
                } else {
                    batch.put(key, change.state());
                }
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new StoreWriteException(describe(e), e);
        }
    }

    /**
     * A failed write can leave RocksDB refusing all later ones (a background error), and the Java
     * API has no resume: reopening replays the write-ahead log and clears it, once the cause
     * (a full disk) is gone.
     */
    @Override
    public void recover() {
        closeDb();
        try {
            openDb();
        } catch (StoreOpenException e) {
            db = null;
            reopenFailure = e.getMessage();
            LOG.log(Level.FINE, "reopening " + dir + " failed", e);
        }
    }

    @Override
    public boolean syncs() {
        return sync;
    }

    @Override
    public String description() {
        return "rocksdb at " + dir;
    }

    @Override
    public void close() {
        closeDb();
        writeOptions.close();
    }

    private void closeDb() {
        if (db != null) {
            try {
                db.closeE();
            } catch (RocksDBException e) {
                LOG.log(Level.WARNING, "closing " + dir + ": " + e.getMessage(), e);
            }
            db = null;
        }
        if (options != null) {
            options.close();
            options = null;
        }
    }

    private static String describe(RocksDBException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    static byte[] encodeKey(StoreKey key) {
        byte[] map = key.mapName().getBytes(StandardCharsets.UTF_8);
        byte[] name = key.key().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + map.length + name.length)
                .put(key.kind().code())
                .putInt(map.length)
                .put(map)
                .put(name)
                .array();
    }

    private StoreKey decodeKey(byte[] bytes) {
        StoreKind kind = bytes.length < 5 ? null : StoreKind.ofCode(bytes[0]);
        int mapLength = kind == null ? -1 : ByteBuffer.wrap(bytes, 1, 4).getInt();
        if (kind == null || mapLength < 0 || mapLength > bytes.length - 5) {
            throw new StoreOpenException("DATA_DIR " + dir + " is corrupt: unreadable key "
                    + java.util.HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32)) + "; nothing was changed");
        }
        String map = new String(bytes, 5, mapLength, StandardCharsets.UTF_8);
        String key = new String(bytes, 5 + mapLength, bytes.length - 5 - mapLength, StandardCharsets.UTF_8);
        return new StoreKey(kind, map, key);
    }
}
