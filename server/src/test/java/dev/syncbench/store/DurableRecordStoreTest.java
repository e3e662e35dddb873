package dev.syncbench.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.PnCounter;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.journal.Journal;
import dev.syncbench.store.postgres.PostgresLog;
import dev.syncbench.store.rocksdb.RocksLog;
import dev.syncbench.support.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msgpack.value.ValueFactory;

/** The durable stores keep every kind of state through a restart, on a real RocksDB and PostgreSQL. */
class DurableRecordStoreTest {
    private static final Timestamp T1 = new Timestamp(1_700_000_000_000L, 3, "node-a");
    private static final Timestamp T2 = new Timestamp(1_700_000_000_500L, 0, "node-b");

    @TempDir
    Path dir;

    private DurableRecordStore open(String backend, boolean fresh) {
        return switch (backend) {
            case "rocksdb" -> new DurableRecordStore(RocksLog.open(dir.resolve("data"), false));
            case "postgres" -> {
                if (fresh) {
                    TestPostgres.requireEmpty();
                }
                yield new DurableRecordStore(PostgresLog.open(TestPostgres.settings(), false));
            }
            default -> throw new IllegalArgumentException(backend);
        };
    }

    private DurableRecordStore open(String backend, boolean fresh, Journal journal) {
        DurableLog log = backend.equals("rocksdb") ? RocksLog.open(dir.resolve("data"), false)
                : PostgresLog.open(TestPostgres.settings(), false);
        return new DurableRecordStore(log, journal);
    }

    private static List<Long> retained(Journal journal) {
        List<Long> sequences = new ArrayList<>();
        for (long s = journal.oldestSequence(); s <= journal.lastSequence(); s++) {
            if (journal.get(s) != null) {
                sequences.add(s);
            }
        }
        return sequences;
    }

    private static RecordValue text(String s) {
        return RecordValue.of(ValueFactory.newString(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "postgres"})
    void everyKindOfStateSurvivesARestart(String backend) {
        LwwRecord withTtl = new LwwRecord(text("v1"), T1, 60_000L);
        LwwRecord tombstone = LwwRecord.tombstone(T2);
        OrMapEntry entry = OrMapEntry.EMPTY
                .add(new OrRecord(text("a"), T1, "tag-a", null))
                .add(new OrRecord(null, T2, "tag-b", 5L))
                .add(new OrRecord(text("c"), T2, "tag-c", null))
                .removeTag("tag-c")
                .removeTag("never-seen");
        PnCounter counter = new PnCounter(Map.of("n1", 5.0, "n2", 2.5), Map.of("n1", 1.0));
        try (DurableRecordStore store = open(backend, true)) {
            store.putLww("m", "k1", withTtl);
            store.putLww("m", "k2", tombstone);
            store.putLww("other\u0000map", "k\u00e9y", withTtl);
            store.putOr("om", "ok", entry);
            store.putCounter("likes", counter);
            store.persist(List.of(StoreKey.lww("m", "k1"), StoreKey.lww("m", "k2"),
                    StoreKey.lww("other\u0000map", "k\u00e9y"), StoreKey.or("om", "ok"), StoreKey.counter("likes")));
        }
        try (DurableRecordStore store = open(backend, false)) {
            assertEquals(withTtl, store.getLww("m", "k1"));
            assertEquals(tombstone, store.getLww("m", "k2"));
            assertEquals(withTtl, store.getLww("other\u0000map", "k\u00e9y"));
            assertEquals(entry, store.getOr("om", "ok"));
            assertEquals(Map.of("tag-c", true, "never-seen", true, "tag-a", false),
                    Map.of("tag-c", store.getOr("om", "ok").isTombstoned("tag-c"),
                            "never-seen", store.getOr("om", "ok").isTombstoned("never-seen"),
                            "tag-a", store.getOr("om", "ok").isTombstoned("tag-a")));
            assertEquals(counter, store.getCounter("likes"));
            assertEquals(3, store.lwwRecordCount());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "postgres"})
    void theLatestStateOfAKeyWinsAndRemovalsAreKept(String backend) {
        try (DurableRecordStore store = open(backend, true)) {
            store.putLww("m", "k", new LwwRecord(text("old"), T1, null));
            store.putLww("m", "pruned", LwwRecord.tombstone(T1));
            store.putCounter("gone", new PnCounter(Map.of("n", 1.0), Map.of()));
            store.persist(List.of(StoreKey.lww("m", "k"), StoreKey.lww("m", "pruned"), StoreKey.counter("gone")));
            store.putLww("m", "k", new LwwRecord(text("new"), T2, null));
            store.removeLww("m", "pruned");
            store.removeCounter("gone");
            store.persist(List.of(StoreKey.lww("m", "k"), StoreKey.lww("m", "pruned"), StoreKey.counter("gone")));
        }
        try (DurableRecordStore store = open(backend, false)) {
            assertEquals(text("new"), store.getLww("m", "k").value());
            assertNull(store.getLww("m", "pruned"));
            assertNull(store.getCounter("gone"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "postgres"})
    void concurrentRequestsAreGroupedAndAllKept(String backend) throws Exception {
        int writers = 50;
        int perWriter = 40;
        try (DurableRecordStore store = open(backend, true);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        String key = writer + "-" + i;
                        store.putLww("m", key, new LwwRecord(text(key), T1, null));
                        store.persist(List.of(StoreKey.lww("m", key)));
                    }
                }, threads));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        }
        try (DurableRecordStore store = open(backend, false)) {
            assertEquals(writers * perWriter, store.lwwRecordCount());
            assertEquals(text("7-33"), store.getLww("m", "7-33").value());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "postgres"})
    void persistedIsClaimedOnlyWhenTheLogSyncs(String backend) {
        try (DurableRecordStore store = open(backend, true)) {
            assertFalse(store.isDurable());
            assertTrue(store.acceptsWrites());
        }
        DurableLog synced = backend.equals("rocksdb") ? RocksLog.open(dir.resolve("synced"), true)
                : PostgresLog.open(TestPostgres.settings(), true);
        try (DurableRecordStore store = new DurableRecordStore(synced)) {
            assertTrue(store.isDurable());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "postgres"})
    void journalChunksKeepWhatTheJournalKeepsAcrossCapacityChanges(String backend) {
        if (backend.equals("postgres")) {
            TestPostgres.requireEmpty();
        }
        Journal journal = new Journal(100);
        try (DurableRecordStore store = open(backend, false, journal)) {
            List<StoreKey> group = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                group.add(StoreKey.journal(journal.append(false, "m", "k" + i, text("v" + i), T1)));
            }
            store.persist(group);
            store.persist(List.of(StoreKey.journal(journal.append(true, "m", "k1", null, T2))));
        }
        Journal larger = new Journal(100);
        try (DurableRecordStore ignored = open(backend, false, larger)) {
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), retained(larger));
            assertEquals("k6", larger.get(6).key());
            assertTrue(larger.get(7).delete());
        }
        // A smaller capacity keeps the newest three: the first chunk is rewritten with 5 and 6 only.
        Journal smaller = new Journal(3);
        try (DurableRecordStore ignored = open(backend, false, smaller)) {
            assertEquals(List.of(5L, 6L, 7L), retained(smaller));
        }
        Journal again = new Journal(100);
        try (DurableRecordStore store = open(backend, false, again)) {
            assertEquals(List.of(5L, 6L, 7L), retained(again), "the dropped entries left the log");
            assertEquals(8, again.append(false, "m", "k8", text("v8"), T2));
            store.persist(List.of(StoreKey.journal(8)));
        }
        // Once the ring moves past a whole chunk, the group write that moves it deletes the chunk.
        Journal tiny = new Journal(1);
        try (DurableRecordStore store = open(backend, false, tiny)) {
            assertEquals(List.of(8L), retained(tiny));
            assertEquals(9, tiny.append(false, "m", "k9", text("v9"), T2));
            store.persist(List.of(StoreKey.journal(9)));
        }
        Journal last = new Journal(100);
        try (DurableRecordStore ignored = open(backend, false, last)) {
            assertEquals(List.of(9L), retained(last));
        }
    }
}
