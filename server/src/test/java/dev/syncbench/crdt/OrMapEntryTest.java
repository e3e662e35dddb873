package dev.syncbench.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.sync.MerkleHash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.msgpack.value.ValueFactory;

class OrMapEntryTest {

    private static OrRecord record(String value, long millis, String tag) {
        return new OrRecord(RecordValue.of(ValueFactory.newString(value)), new Timestamp(millis, 0, "client"), tag, null);
    }

    private static Set<String> tags(OrMapEntry entry) {
        return entry.records().stream().map(OrRecord::tag).collect(Collectors.toSet());
    }

    @Test
    void keepsTheClientsTag() {
        OrMapEntry entry = OrMapEntry.EMPTY.add(record("x", 10, "10:0:client-a"));
        assertEquals(Set.of("10:0:client-a"), tags(entry));
        assertEquals(record("x", 10, "10:0:client-a"), entry.record("10:0:client-a"));
    }

    @Test
    void aRemovedTagNeverComesBack() {
        OrMapEntry entry = OrMapEntry.EMPTY.add(record("x", 10, "t1")).removeTag("t1");
        assertTrue(entry.records().isEmpty());
        assertTrue(entry.isTombstoned("t1"));
        OrMapEntry again = entry.add(record("x", 99, "t1"));
        assertSame(entry, again);
        assertTrue(entry.merge(List.of(record("y", 100, "t1")), List.of()).records().isEmpty());
    }

    @Test
    void removingAnUnseenTagStillBlocksItsLaterAdd() {
        OrMapEntry entry = OrMapEntry.EMPTY.removeTag("late").add(record("x", 10, "late"));
        assertTrue(entry.records().isEmpty());
        assertEquals(Set.of("late"), entry.tombstones());
    }

    @Test
    void concurrentAddsUnderOtherTagsSurviveARemove() {
        OrMapEntry entry = OrMapEntry.EMPTY
                .add(record("x", 10, "a"))
                .add(record("x", 11, "b"))
                .add(record("x", 12, "c"))
                .removeTag("c");
        assertEquals(Set.of("a", "b"), tags(entry));
    }

    @Test
    void sameTagIsReplacedOnlyByAStrictlyNewerTimestamp() {
        OrMapEntry entry = OrMapEntry.EMPTY.add(record("old", 10, "t"));
        assertSame(entry, entry.add(record("same-time", 10, "t")));
        assertSame(entry, entry.add(record("older", 9, "t")));
        assertEquals(record("newer", 11, "t"), entry.add(record("newer", 11, "t")).record("t"));
    }

    @Test
    void mergeDropsLocalRecordsWhoseTagsArriveAsTombstones() {
        OrMapEntry entry = OrMapEntry.EMPTY.add(record("x", 10, "a")).add(record("y", 10, "b"));
        OrMapEntry merged = entry.merge(List.of(record("z", 12, "c")), List.of("a"));
        assertEquals(Set.of("b", "c"), tags(merged));
        assertEquals(Set.of("a"), merged.tombstones());
    }

    @Test
    void mergeThatChangesNothingReturnsTheSameEntry() {
        OrMapEntry entry = OrMapEntry.EMPTY.add(record("x", 10, "a")).removeTag("b");
        assertSame(entry, entry.merge(entry.records(), entry.tombstones()));
    }

    @Test
    void merkleHashCoversLiveAndTombstonedTags() {
        OrMapEntry entry = OrMapEntry.EMPTY.add(record("x", 10, "b")).add(record("x", 10, "a")).removeTag("c");
        assertEquals(MerkleHash.orEntryHash("k", List.of("a", "b"), List.of("c")), entry.merkleHash("k"));
    }

    // One replica operation: add a record under a tag, or remove a tag.
    record Op(boolean remove, String tag, long millis) {
        OrMapEntry applyTo(OrMapEntry entry) {
            // The value follows from tag and time, so equal (tag, timestamp) means an equal record.
            return remove ? entry.removeTag(tag) : entry.add(record("v-" + tag + "-" + millis, millis, tag));
        }
    }

    private static OrMapEntry mergeInto(OrMapEntry target, OrMapEntry source) {
        return target.merge(source.records(), source.tombstones());
    }

    @Test
    void replicasConvergeWhateverTheMergeOrder() {
        long seed = 20261126L;
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            List<List<Op>> replicas = opLists(random);
            long shuffleSeed = random.nextLong();
            try {
                assertReplicasConverge(replicas, shuffleSeed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", case " + i + ", replicas " + replicas
                        + ", shuffle seed " + shuffleSeed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void assertReplicasConverge(List<List<Op>> replicas, long shuffleSeed) {
        List<OrMapEntry> states = new ArrayList<>();
        for (List<Op> ops : replicas) {
            states.add(applyAll(ops));
        }
        List<OrMapEntry> shuffled = new ArrayList<>(states);
        Collections.shuffle(shuffled, new Random(shuffleSeed));

        OrMapEntry inOrder = OrMapEntry.EMPTY;
        for (OrMapEntry state : states) {
            inOrder = mergeInto(inOrder, state);
        }
        OrMapEntry otherOrder = OrMapEntry.EMPTY;
        for (OrMapEntry state : shuffled) {
            otherOrder = mergeInto(otherOrder, state);
        }
        assertEquals(inOrder, otherOrder, "merge order changed the result");

        // Idempotent: merging everything again changes nothing.
        OrMapEntry twice = inOrder;
        for (OrMapEntry state : shuffled) {
            twice = mergeInto(twice, state);
        }
        assertEquals(inOrder, twice, "merging again changed the result");

        // Equal to one replica that saw every operation, in any order.
        List<Op> all = replicas.stream().flatMap(List::stream).collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(all, new Random(shuffleSeed + 1));
        assertEquals(inOrder, applyAll(all), "differs from one replica that saw every operation");
        for (String tag : inOrder.tombstones()) {
            assertFalse(tags(inOrder).contains(tag), "tombstoned tag is live: " + tag);
        }
    }

    @Test
    void pairwiseMergeIsCommutative() {
        long seed = 20261127L;
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            List<Op> left = ops(random);
            List<Op> right = ops(random);
            OrMapEntry a = applyAll(left);
            OrMapEntry b = applyAll(right);
            assertEquals(mergeInto(a, b), mergeInto(b, a),
                    "seed " + seed + ", case " + i + ", left " + left + ", right " + right);
        }
    }

    private static OrMapEntry applyAll(List<Op> ops) {
        OrMapEntry entry = OrMapEntry.EMPTY;
        for (Op op : ops) {
            entry = op.applyTo(entry);
        }
        return entry;
    }

    private static final List<String> TAGS = List.of("t1", "t2", "t3", "t4", "t5", "t6");

    /** Up to 12 operations over six tags and four instants; one in four is a remove. */
    private static List<Op> ops(Random random) {
        List<Op> ops = new ArrayList<>();
        int size = random.nextInt(13);
        for (int i = 0; i < size; i++) {
            ops.add(new Op(random.nextInt(4) == 0, TAGS.get(random.nextInt(TAGS.size())), 1 + random.nextInt(4)));
        }
        return ops;
    }

    /** One to five replicas, each with its own operations. */
    private static List<List<Op>> opLists(Random random) {
        List<List<Op>> replicas = new ArrayList<>();
        int size = 1 + random.nextInt(5);
        for (int i = 0; i < size; i++) {
            replicas.add(ops(random));
        }
        return replicas;
    }
}
