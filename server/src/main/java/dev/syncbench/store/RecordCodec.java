package dev.syncbench.store;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.PnCounter;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.journal.JournalEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The stored form of entries, in MessagePack. A record value is embedded as the exact bytes the
 * client sent, so storing and loading never re-encodes it.
 * <ul>
 * <li>LWW record: {@code [value|nil, [millis, counter, nodeId], ttlMs|nil]}</li>
 * <li>OR-Map entry: {@code [[[value|nil, [millis, counter, nodeId], tag, ttlMs|nil]...], [tombstoned tag...]]}</li>
 * <li>PN-counter: {@code [{node: p}, {node: n}]}</li>
 * <li>Journal chunk: {@code [[sequence, delete, mapName, key, value|nil, [millis, counter, nodeId]]...]}
 * (a lone entry without the outer array is read as a chunk of one)</li>
 * </ul>
 */
public final class RecordCodec {
    private static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(256);

    private RecordCodec() {
    }

    public static byte[] encodeLww(LwwRecord record) {
        return new Encoder().lww(record);
    }

    public static byte[] encodeOr(OrMapEntry entry) {
        return new Encoder().or(entry);
    }

    public static byte[] encodeCounter(PnCounter counter) {
        return new Encoder().counter(counter);
    }

    /**
     * Encodes many entries with one reused buffer, for the store's writer thread, which encodes
     * every entry it logs. Not thread-safe.
     */
    public static final class Encoder {
        private final MessageBufferPacker packer = PACKER.newBufferPacker();

        public byte[] lww(LwwRecord record) {
            try {
                packer.clear();
                packer.packArrayHeader(3);
                packValue(packer, record.value());
                packTimestamp(packer, record.timestamp());
                packTtl(packer, record.ttlMs());
                return packer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public byte[] or(OrMapEntry entry) {
            try {
                packer.clear();
                packer.packArrayHeader(2);
                packer.packArrayHeader(entry.records().size());
                for (OrRecord record : entry.records()) {
                    packer.packArrayHeader(4);
                    packValue(packer, record.value());
                    packTimestamp(packer, record.timestamp());
                    packer.packString(record.tag());
                    packTtl(packer, record.ttlMs());
                }
                packer.packArrayHeader(entry.tombstones().size());
                for (String tag : entry.tombstones()) {
                    packer.packString(tag);
                }
                return packer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public byte[] journalChunk(List<JournalEntry> entries) {
            try {
                packer.clear();
                packer.packArrayHeader(entries.size());
                for (JournalEntry entry : entries) {
                    packer.packArrayHeader(6);
                    packer.packLong(entry.sequence());
                    packer.packBoolean(entry.delete());
                    packer.packString(entry.mapName());
                    packer.packString(entry.key());
                    packValue(packer, entry.value());
                    packTimestamp(packer, entry.timestamp());
                }
                return packer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public byte[] counter(PnCounter counter) {
            try {
                packer.clear();
                packer.packArrayHeader(2);
                packSide(packer, counter.p());
                packSide(packer, counter.n());
                return packer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a stored LWW record */
    public static LwwRecord decodeLww(byte[] bytes) {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes)) {
            expectArray(in, 3);
            RecordValue value = unpackValue(in, bytes);
            Timestamp timestamp = unpackTimestamp(in);
            return new LwwRecord(value, timestamp, unpackTtl(in));
        } catch (IOException | RuntimeException e) {
            throw unreadable("LWW record", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a stored OR-Map entry */
    public static OrMapEntry decodeOr(byte[] bytes) {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes)) {
            expectArray(in, 2);
            int recordCount = in.unpackArrayHeader();
            List<OrRecord> records = new ArrayList<>(recordCount);
            for (int i = 0; i < recordCount; i++) {
                expectArray(in, 4);
                RecordValue value = unpackValue(in, bytes);
                Timestamp timestamp = unpackTimestamp(in);
                String tag = in.unpackString();
                records.add(new OrRecord(value, timestamp, tag, unpackTtl(in)));
            }
            int tombstoneCount = in.unpackArrayHeader();
            List<String> tombstones = new ArrayList<>(tombstoneCount);
            for (int i = 0; i < tombstoneCount; i++) {
                tombstones.add(in.unpackString());
            }
            return OrMapEntry.EMPTY.merge(records, tombstones);
        } catch (IOException | RuntimeException e) {
            throw unreadable("OR-Map entry", e);
        }
    }

    public static byte[] encodeJournalChunk(List<JournalEntry> entries) {
        return new Encoder().journalChunk(entries);
    }

    /** @throws IllegalArgumentException when the bytes are not a stored journal chunk or entry */
    public static List<JournalEntry> decodeJournalChunk(byte[] bytes) {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes)) {
            int size = in.unpackArrayHeader();
            if (in.hasNext() && in.getNextFormat().getValueType() != ValueType.ARRAY) {
                if (size != 6) {
                    throw new IllegalArgumentException("expected an array of 6, got " + size);
                }
                return List.of(unpackJournalEntry(in, bytes));
            }
            List<JournalEntry> entries = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                expectArray(in, 6);
                entries.add(unpackJournalEntry(in, bytes));
            }
            return entries;
        } catch (IOException | RuntimeException e) {
            throw unreadable("journal chunk", e);
        }
    }

    private static JournalEntry unpackJournalEntry(MessageUnpacker in, byte[] bytes) throws IOException {
        long sequence = in.unpackLong();
        boolean delete = in.unpackBoolean();
        String mapName = in.unpackString();
        String key = in.unpackString();
        RecordValue value = unpackValue(in, bytes);
        return new JournalEntry(sequence, delete, mapName, key, value, unpackTimestamp(in));
    }

    /** @throws IllegalArgumentException when the bytes are not a stored counter */
    public static PnCounter decodeCounter(byte[] bytes) {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes)) {
            expectArray(in, 2);
            Map<String, Double> p = unpackSide(in);
            return new PnCounter(p, unpackSide(in));
        } catch (IOException | RuntimeException e) {
            throw unreadable("counter", e);
        }
    }

    private static void packValue(MessagePacker packer, RecordValue value) throws IOException {
        if (value == null) {
            packer.packNil();
        } else {
            packer.writePayload(value.bytes());
        }
    }

    private static void packTimestamp(MessagePacker packer, Timestamp timestamp) throws IOException {
        packer.packArrayHeader(3);
        packer.packLong(timestamp.millis());
        packer.packLong(timestamp.counter());
        packer.packString(timestamp.nodeId());
    }

    private static void packTtl(MessagePacker packer, Long ttlMs) throws IOException {
        if (ttlMs == null) {
            packer.packNil();
        } else {
            packer.packLong(ttlMs);
        }
    }

    private static void packSide(MessagePacker packer, Map<String, Double> side) throws IOException {
        packer.packMapHeader(side.size());
        for (Map.Entry<String, Double> e : side.entrySet()) {
            packer.packString(e.getKey());
            packer.packDouble(e.getValue());
        }
    }

    private static void expectArray(MessageUnpacker in, int size) throws IOException {
        int actual = in.unpackArrayHeader();
        if (actual != size) {
            throw new IllegalArgumentException("expected an array of " + size + ", got " + actual);
        }
    }

    /** The value's own bytes, cut out of the stored form without re-encoding. */
    private static RecordValue unpackValue(MessageUnpacker in, byte[] bytes) throws IOException {
        if (in.tryUnpackNil()) {
            return null;
        }
        int start = (int) in.getTotalReadBytes();
        in.skipValue();
        return RecordValue.ofBytes(Arrays.copyOfRange(bytes, start, (int) in.getTotalReadBytes()));
    }

    private static Timestamp unpackTimestamp(MessageUnpacker in) throws IOException {
        expectArray(in, 3);
        long millis = in.unpackLong();
        long counter = in.unpackLong();
        return new Timestamp(millis, counter, in.unpackString());
    }

    private static Long unpackTtl(MessageUnpacker in) throws IOException {
        return in.tryUnpackNil() ? null : in.unpackLong();
    }

    private static Map<String, Double> unpackSide(MessageUnpacker in) throws IOException {
        int size = in.unpackMapHeader();
        Map<String, Double> side = new HashMap<>(size);
        for (int i = 0; i < size; i++) {
            String node = in.unpackString();
            side.put(node, in.unpackDouble());
        }
        return side;
    }

    private static IllegalArgumentException unreadable(String what, Exception cause) {
        return new IllegalArgumentException("unreadable stored " + what + ": " + cause.getMessage(), cause);
    }
}
