package dev.syncbench.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.PnCounter;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.journal.JournalEntry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

class RecordCodecTest {
    private static final Timestamp T = new Timestamp(1_700_000_000_123L, 0xFFFF_FFFFL, "n\u00f6de");

    @Test
    void valuesComeBackAsTheExactBytesTheClientSent() {
        Value nested = ValueFactory.newMap(ValueFactory.newString("a"), ValueFactory.newArray(
                ValueFactory.newInteger(-1), ValueFactory.newFloat(2.5), ValueFactory.newBinary(new byte[] {1, 2}),
                ValueFactory.newExtension((byte) -1, new byte[] {0, 0, 0, 1})));
        LwwRecord record = new LwwRecord(RecordValue.of(nested), T, -5L);
        LwwRecord decoded = RecordCodec.decodeLww(RecordCodec.encodeLww(record));
        assertEquals(record, decoded);
        assertArrayEquals(record.value().bytes(), decoded.value().bytes());
    }

    @Test
    void tombstonesOrEntriesAndCountersRoundTrip() {
        assertEquals(LwwRecord.tombstone(T), RecordCodec.decodeLww(RecordCodec.encodeLww(LwwRecord.tombstone(T))));
        OrMapEntry entry = OrMapEntry.EMPTY.add(new OrRecord(null, T, "t1", 10L))
                .add(new OrRecord(RecordValue.of(ValueFactory.newString("x")), T, "t2", null)).removeTag("t3");
        assertEquals(entry, RecordCodec.decodeOr(RecordCodec.encodeOr(entry)));
        PnCounter counter = new PnCounter(Map.of("a", 1.5, "b", 1e300), Map.of("a", 0.25));
        assertEquals(counter, RecordCodec.decodeCounter(RecordCodec.encodeCounter(counter)));
    }

    @Test
    void journalChunksRoundTrip() {
        JournalEntry put = new JournalEntry(42, false, "users", "u1", RecordValue.of(ValueFactory.newString("Ann")), T);
        JournalEntry delete = new JournalEntry(43, true, "users", "u1", null, T);
        assertEquals(List.of(put, delete), RecordCodec.decodeJournalChunk(RecordCodec.encodeJournalChunk(List.of(put, delete))));
        assertEquals(List.of(put), RecordCodec.decodeJournalChunk(RecordCodec.encodeJournalChunk(List.of(put))));
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.decodeJournalChunk(RecordCodec.encodeLww(LwwRecord.tombstone(T))));
    }

    @Test
    void aLoneJournalEntryStoredBeforeChunksReadsAsAChunkOfOne() throws IOException {
        JournalEntry put = new JournalEntry(7, false, "users", "u1", RecordValue.of(ValueFactory.newString("Ann")), T);
        MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
        packer.packArrayHeader(6).packLong(7).packBoolean(false).packString("users").packString("u1");
        packer.packString("Ann");
        packer.packArrayHeader(3).packLong(T.millis()).packLong(T.counter()).packString(T.nodeId());
        assertEquals(List.of(put), RecordCodec.decodeJournalChunk(packer.toByteArray()));
    }

    @Test
    void oneEncoderReusedForManyEntriesGivesTheSameBytesAsFreshOnes() {
        RecordCodec.Encoder encoder = new RecordCodec.Encoder();
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] big = new byte[random.nextInt(2_000)];
            random.nextBytes(big);
            LwwRecord record = new LwwRecord(RecordValue.of(ValueFactory.newBinary(big)), T, null);
            assertArrayEquals(RecordCodec.encodeLww(record), encoder.lww(record), "entry " + i);
        }
    }

    @Test
    void bytesThatAreNotAStoredEntryAreRefused() {
        for (byte[] bad : List.of(new byte[0], new byte[] {(byte) 0xc1}, new byte[] {(byte) 0x92, 1, 2},
                RecordCodec.encodeCounter(PnCounter.EMPTY))) {
            assertThrows(IllegalArgumentException.class, () -> RecordCodec.decodeLww(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.decodeOr(new byte[] {(byte) 0x90}));
    }
}
