package dev.syncbench.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.store.DurableRecordStore;
import dev.syncbench.store.StoreKey;
import dev.syncbench.store.StoreOpenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.value.ValueFactory;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** A data directory the server cannot use is refused with one clear line, and left as it was. */
class RocksLogStartupTest {

    @TempDir
    Path dir;

    private Path withOneRecord() {
        Path data = dir.resolve("data");
        try (DurableRecordStore store = new DurableRecordStore(RocksLog.open(data, false))) {
            store.putLww("m", "k", new LwwRecord(RecordValue.of(ValueFactory.newString("v")), new Timestamp(1, 0, "n"), null));
            store.persist(List.of(StoreKey.lww("m", "k")));
        }
        return data;
    }

    /** Every file but RocksDB's own diagnostic LOG, with its bytes. */
    private static Map<String, String> contents(Path data) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(data)) {
            for (Path file : paths.toList()) {
                String name = file.getFileName().toString();
                if (!name.startsWith("LOG")) {
                    files.put(name, java.util.HexFormat.of().formatHex(Files.readAllBytes(file)));
                }
            }
        }
        return files;
    }

    @Test
    void aDirectoryInUseByAnotherServerIsRefused() {
        Path data = withOneRecord();
        try (RocksLog first = RocksLog.open(data, false)) {
            StoreOpenException e = assertThrows(StoreOpenException.class, () -> RocksLog.open(data, false));
            assertTrue(e.getMessage().contains("is in use by another process"), e.getMessage());
        }
    }

    @Test
    void aFileInsteadOfADirectoryIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "not a directory");
        StoreOpenException e = assertThrows(StoreOpenException.class, () -> RocksLog.open(file, false));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
        assertEquals("not a directory", Files.readString(file));
    }

    @Test
    void aDirectoryHoldingSomethingElseIsNeverWrittenInto() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("notes.txt"), "mine");
        StoreOpenException e = assertThrows(StoreOpenException.class, () -> RocksLog.open(data, false));
        assertTrue(e.getMessage().contains("no syncbench database"), e.getMessage());
        try (Stream<Path> files = Files.list(data)) {
            assertEquals(List.of("notes.txt"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anotherRocksDbDatabaseIsRefused() throws Exception {
        Path data = dir.resolve("foreign");
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(options, data.toString())) {
            db.put("a".getBytes(), "b".getBytes());
        }
        Map<String, String> before = contents(data);
        StoreOpenException e = assertThrows(StoreOpenException.class, () -> RocksLog.open(data, false));
        assertTrue(e.getMessage().contains("not a syncbench-1 data directory"), e.getMessage());
        assertEquals(before.keySet(), contents(data).keySet());
    }

    @Test
    void aCorruptDirectoryIsRefusedAndLeftAsItWas() throws IOException {
        Path data = withOneRecord();
        Path manifest;
        try (Stream<Path> files = Files.list(data)) {
            manifest = files.filter(p -> p.getFileName().toString().startsWith("MANIFEST-")).findFirst().orElseThrow();
        }
        byte[] garbage = new byte[(int) Files.size(manifest)];
        java.util.Arrays.fill(garbage, (byte) 0x5a);
        Files.write(manifest, garbage);
        Map<String, String> before = contents(data);
        StoreOpenException e = assertThrows(StoreOpenException.class, () -> RocksLog.open(data, false));
        assertTrue(e.getMessage().contains("is corrupt") && e.getMessage().contains("nothing was changed"), e.getMessage());
        assertEquals(before, contents(data));
    }

    @Test
    void anUnreadableStoredRecordStopsTheStartInsteadOfBeingDropped() throws Exception {
        Path data = withOneRecord();
        RocksDB.loadLibrary();
        try (Options options = new Options(); RocksDB db = RocksDB.open(options, data.toString())) {
            db.put(RocksLog.encodeKey(StoreKey.lww("m", "bad")), new byte[] {(byte) 0xc1});
        }
        StoreOpenException e = assertThrows(StoreOpenException.class,
                () -> new DurableRecordStore(RocksLog.open(data, false)));
        assertTrue(e.getMessage().contains("is corrupt") && e.getMessage().contains("bad"), e.getMessage());
        // The failed start released the directory: a second one fails the same way, not with "in use".
        StoreOpenException again = assertThrows(StoreOpenException.class,
                () -> new DurableRecordStore(RocksLog.open(data, false)));
        assertTrue(again.getMessage().contains("is corrupt"), again.getMessage());
    }
}
