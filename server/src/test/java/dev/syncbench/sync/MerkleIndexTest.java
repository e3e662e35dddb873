package dev.syncbench.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.store.MemoryRecordStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

class MerkleIndexTest {
    private static final String MAP = "m";

    private final MemoryRecordStore store = new MemoryRecordStore();
    private final MerkleIndex index = new MerkleIndex(store, new PartitionTable());

    /** A write as WriteService makes it: store first, then tell the listener. */
    private void putLww(String key, LwwRecord record) {
        LwwRecord previous = store.getLww(MAP, key);
        store.putLww(MAP, key, record);
        index.lwwChanged(MAP, key, previous, record, null, null);
    }

    private void putOr(String key, OrMapEntry entry) {
        OrMapEntry previous = store.getOr(MAP, key);
        store.putOr(MAP, key, entry);
        index.orChanged(MAP, key, previous, entry, null, null);
    }

    private static LwwRecord live(long millis, String node) {
        return new LwwRecord(RecordValue.of(ValueFactory.newString("v" + millis)), new Timestamp(millis, 0, node), null);
    }

    @Test
    void singleKeyRootIsTheClientsRoot() {
        putLww("user:alice", live(1_700_000_000_000L, "node-1"));
        assertEquals(3264103690L, index.lwwTree(MAP).rootHash());
    }

    @Test
    void treeBuiltOnFirstUseIsKeptCurrentAfterwards() {
        putLww("a", live(1, "n"));
        MerkleTree tree = index.lwwTree(MAP);
        long before = tree.rootHash();
        putLww("b", live(2, "n"));
        assertNotEquals(before, tree.rootHash());
        assertEquals(freshLwwRoot(), tree.rootHash());
    }

    @Test
    void syncingAMapBeforeItHasRecordsStillSeesTheRecordsWrittenLater() {
        assertEquals(0, index.lwwTree(MAP).rootHash());
        assertEquals(0, index.orTree(MAP).rootHash());
        putLww("a", live(1, "n"));
        putOr("a", OrMapEntry.EMPTY.removeTag("t"));
        assertNotEquals(0, index.lwwTree(MAP).rootHash());
        assertEquals(freshLwwRoot(), index.lwwTree(MAP).rootHash());
        assertEquals(freshOrRoot(), index.orTree(MAP).rootHash());
        putLww("b", live(2, "n"));
        assertEquals(freshLwwRoot(), index.lwwTree(MAP).rootHash());
    }

    @Test
    void aTombstoneKeepsItsKeyInTheTreeWithItsOwnTimestamp() {
        putLww("k", live(1, "n"));
        MerkleTree tree = index.lwwTree(MAP);
        putLww("k", LwwRecord.tombstone(new Timestamp(5, 0, "n")));
        assertEquals(List.of("k"), tree.leafKeys(MerkleHash.pathOf("k")));
        MerkleTree expected = new MerkleTree();
        expected.put("k", MerkleHash.lwwItemHash("k", new Timestamp(5, 0, "n")));
        assertEquals(expected.rootHash(), tree.rootHash());
    }

    @Test
    void aPrunedKeyLeavesTheTree() {
        putLww("k", live(1, "n"));
        MerkleTree tree = index.lwwTree(MAP);
        store.removeLww(MAP, "k");
        index.lwwRemoved(MAP, "k");
        assertEquals(0, tree.rootHash());
    }

    @Test
    void orTreeHashesTagsAndTombstonesAndDropsEmptyEntries() {
        OrRecord record = new OrRecord(RecordValue.of(ValueFactory.newInteger(1)), new Timestamp(1, 0, "n"), "t1", null);
        OrMapEntry entry = OrMapEntry.EMPTY.add(record).removeTag("t0");
        putOr("k", entry);
        MerkleTree tree = index.orTree(MAP);
        MerkleTree expected = new MerkleTree();
        expected.put("k", MerkleHash.orEntryHash("k", List.of("t1"), List.of("t0")));
        assertEquals(expected.rootHash(), tree.rootHash());
        putOr("k", OrMapEntry.EMPTY);
        assertEquals(0, tree.rootHash());
    }

    @Test
    void incrementalTreesEqualTreesBuiltFromTheStoreAfterRandomChanges() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 200; i++) {
                String key = "k" + random.nextInt(60);
                if (random.nextBoolean()) {
                    Timestamp ts = new Timestamp(random.nextInt(1000), random.nextInt(3), "n" + random.nextInt(3));
                    putLww(key, random.nextInt(4) == 0 ? LwwRecord.tombstone(ts) : live(ts.millis(), ts.nodeId()));
                } else {
                    OrMapEntry current = store.getOr(MAP, key);
                    OrMapEntry base = current == null ? OrMapEntry.EMPTY : current;
                    String tag = "t" + random.nextInt(10);
                    putOr(key, random.nextInt(3) == 0 ? base.removeTag(tag)
                            : base.add(new OrRecord(null, new Timestamp(random.nextInt(1000), 0, "n"), tag, null)));
                }
                if (round == 0 && i == 100) {
                    // the first sync builds the trees from what is stored so far
                    index.lwwTree(MAP);
                    index.orTree(MAP);
                }
            }
            assertEquals(freshLwwRoot(), index.lwwTree(MAP).rootHash(), "LWW root, seed " + seed);
            assertEquals(freshOrRoot(), index.orTree(MAP).rootHash(), "OR root, seed " + seed);
        }
    }

    private long freshLwwRoot() {
        MerkleTree fresh = new MerkleTree();
        store.forEachLww(MAP, (key, record) -> fresh.put(key, MerkleHash.lwwItemHash(key, record.timestamp())));
        return fresh.rootHash();
    }

    private long freshOrRoot() {
        MerkleTree fresh = new MerkleTree();
        store.forEachOr(MAP, (key, entry) -> {
            if (!entry.isEmpty()) {
                fresh.put(key, entry.merkleHash(key));
            }
        });
        return fresh.rootHash();
    }
}
