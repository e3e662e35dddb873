package dev.syncbench.simulations.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.LoadSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** A writer's batches: text records, topic words in every matchEvery-th op, and what its ack makes expected. */
class SearchWriterTest {
    private static final SearchSettings SETTINGS = new SearchSettings(new LoadSettings(200, 30, 50, 4, 50, null,
            "s", Path.of("baseline.json"), null, Path.of("reports"), Path.of(".")), 1, 1, 2, 2, 2, 20, 5, 0, 30);

    @Test
    void everyOtherOpCarriesATopicWordInTurn() throws IOException {
        Corpus corpus = new Corpus(20, 1);
        WrittenMatches matches = new WrittenMatches(2);
        SearchWriter writer = new SearchWriter(3, "docs", SETTINGS, corpus, matches, 1_000_000_000L);
        List<Value> ops = ops(writer.nextBatch(111));
        assertEquals(4, ops.size());
        Map<Value, Value> first = ops.getFirst().asMapValue().map();
        assertEquals("w3-0", first.get(key("key")).toString());
        assertEquals("docs", first.get(key("mapName")).toString());
        Map<Value, Value> value = first.get(key("record")).asMapValue().map().get(key("value")).asMapValue().map();
        assertEquals(3, value.get(key("title")).toString().split(" ").length);
        // op 0: topic (0 / 2 + 3) % 2 = 1; op 2: topic (1 + 3) % 2 = 0; ops 1 and 3 carry none
        assertTrue(value.get(key("body")).toString().endsWith(" topic1"), value.toString());
        assertEquals(111, matches.sendNanos(1, "w3-0"));
        assertEquals(Set.of("w3-2"), matches.sentKeys(0));
        String body1 = ops.get(1).asMapValue().map().get(key("record")).asMapValue().map().get(key("value"))
                .asMapValue().map().get(key("body")).toString();
        assertFalse(body1.contains("topic"), body1);
        assertEquals(5, body1.split(" ").length);
    }

    @Test
    void onlyTheAckOfTheLastBatchMakesItsWritesExpectedAndItsWordsSearchable() throws IOException {
        Corpus corpus = new Corpus(20, 1);
        WrittenMatches matches = new WrittenMatches(2);
        SearchWriter writer = new SearchWriter(3, "docs", SETTINGS, corpus, matches, 1_000_000_000L);
        writer.nextBatch(1);
        assertFalse(writer.isAckOfLastBatch(ack("w3-2")));
        assertEquals(0, matches.ackedCount(0) + matches.ackedCount(1));
        assertFalse(corpus.anyWritten());
        assertTrue(writer.isAckOfLastBatch(ack("w3-3")));
        assertEquals(Set.of("w3-0"), matches.ackedKeys(1));
        assertEquals(Set.of("w3-2"), matches.ackedKeys(0));
        assertTrue(corpus.anyWritten());
    }

    @Test
    void topicsAreSpreadEvenly() {
        int[] counts = new int[3];
        for (long seq = 0; seq < 60; seq++) {
            int topic = SearchWriter.topicOf(5, seq, 4, 3);
            if (topic >= 0) {
                counts[topic]++;
            }
        }
        assertEquals(List.of(5, 5, 5), List.of(counts[0], counts[1], counts[2]));
    }

    private static List<Value> ops(byte[] frame) throws IOException {
        Map<Value, Value> map = MessagePack.newDefaultUnpacker(frame).unpackValue().asMapValue().map();
        assertEquals("OP_BATCH", map.get(key("type")).toString());
        return map.get(key("payload")).asMapValue().map().get(key("ops")).asArrayValue().list();
    }

    private static byte[] ack(String lastId) throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2).packString("type").packString("OP_ACK");
            packer.packString("payload").packMapHeader(1).packString("lastId").packString(lastId);
            return packer.toByteArray();
        }
    }

    private static Value key(String name) {
        return ValueFactory.newString(name);
    }
}
