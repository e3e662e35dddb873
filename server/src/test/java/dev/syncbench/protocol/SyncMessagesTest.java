package dev.syncbench.protocol;

import static dev.syncbench.protocol.Frames.field;
import static dev.syncbench.protocol.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** Merkle sync messages of LWW maps and OR-Maps. */
class SyncMessagesTest {
    private final MessageCodec codec = new MessageCodec();
    private final Timestamp ts = new Timestamp(1_700_000_000_000L, 1, "node-1");

    private static RecordValue text(String s) {
        return RecordValue.of(ValueFactory.newString(s));
    }

    private void assertRoundTrip(Message message) throws ProtocolException {
        assertEquals(message, codec.decode(codec.encode(message)));
    }

    @Test
    void syncInitIsFlatAndMerkleRequestsAreWrapped() throws ProtocolException {
        Value init = Trees.of(codec.encode(new SyncInit("users", 0L)));
        assertEquals("users", Trees.get(init, "mapName").toString());
        Value request = Trees.of(codec.encode(new MerkleReqBucket("users", "a3")));
        assertEquals("a3", Trees.get(Trees.get(request, "payload"), "path").toString());
        assertRoundTrip(new SyncInit("users", null));
        assertRoundTrip(new MerkleReqBucket("users", ""));
        assertRoundTrip(new OrMapMerkleReqBucket("tags", "0f"));
    }

    @Test
    void rootsAndBucketsRoundTrip() throws ProtocolException {
        assertRoundTrip(new SyncRespRoot("users", 3_264_103_690L, ts));
        assertRoundTrip(new OrMapSyncRespRoot("tags", 0, ts));
        Map<String, Long> buckets = new LinkedHashMap<>();
        buckets.put("3", 0xFFFF_FFFFL);
        buckets.put("a", 7L);
        assertRoundTrip(new SyncRespBuckets("users", "", buckets));
        assertRoundTrip(new OrMapSyncRespBuckets("tags", "3", Map.of()));
        assertRoundTrip(new OrMapSyncInit("tags", 99L, buckets, null, 4L));
        assertRoundTrip(new SyncResetRequired("users", "retention"));
    }

    @Test
    void aBucketHashAbove32BitsIsRejected() {
        byte[] frame = frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "SYNC_RESP_BUCKETS");
            out.packString("payload");
            out.packMapHeader(3);
            field(out, "mapName", "m");
            field(out, "path", "");
            out.packString("buckets");
            out.packMapHeader(1);
            field(out, "a", 1L << 32);
        });
        assertEquals("wrong type for field: payload.buckets.a (expected integer)",
                assertThrows(ProtocolException.class, () -> codec.decode(frame)).getMessage());
    }

    @Test
    void leafRecordsAlwaysWriteValueTimestampAndTtl() throws ProtocolException {
        SyncRespLeaf leaf = new SyncRespLeaf("users", "374", List.of(
                new LeafRecord("user:alice", new LwwRecord(text("A"), ts, null)),
                new LeafRecord("user:bob", LwwRecord.tombstone(ts))));
        Value records = Trees.get(Trees.get(Trees.of(codec.encode(leaf)), "payload"), "records");
        for (Value entry : records.asArrayValue()) {
            Value record = Trees.get(entry, "record");
            assertEquals(3, record.asMapValue().size(), "value, timestamp and ttlMs");
            assertTrue(Trees.get(record, "ttlMs").isNilValue());
        }
        assertTrue(Trees.get(Trees.get(records.asArrayValue().get(1), "record"), "value").isNilValue());
        assertRoundTrip(leaf);
    }

    @Test
    void leafRecordsNameTheirBadField() {
        byte[] frame = frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "SYNC_RESP_LEAF");
            out.packString("payload");
            out.packMapHeader(3);
            field(out, "mapName", "m");
            field(out, "path", "abc");
            out.packString("records");
            out.packArrayHeader(1);
            out.packMapHeader(1);
            field(out, "key", "k");
        });
        assertEquals("missing field: payload.records[0].record",
                assertThrows(ProtocolException.class, () -> codec.decode(frame)).getMessage());
    }

    @Test
    void orMapEntriesRoundTrip() throws ProtocolException {
        OrRecord live = new OrRecord(text("red"), ts, ts.toString(), null);
        OrRecord expiring = new OrRecord(text("blue"), ts, "1700000000000:2:node-1", 1000L);
        List<OrMapEntry> entries = List.of(
                new OrMapEntry("colors", List.of(live, expiring), List.of("1699999999999:0:node-2")),
                new OrMapEntry("empty", List.of(), List.of()));
        assertRoundTrip(new OrMapPushDiff("tags", entries));
        assertRoundTrip(new OrMapDiffResponse("tags", entries));
        assertRoundTrip(new OrMapSyncRespLeaf("tags", "abc", entries));
        assertRoundTrip(new OrMapDiffRequest("tags", List.of("colors", "empty")));
    }

    @Test
    void serverOrRecordsWriteTtlAsNilAndClientPushesOmitIt() {
        OrRecord record = new OrRecord(text("red"), ts, ts.toString(), null);
        List<OrMapEntry> entries = List.of(new OrMapEntry("k", List.of(record), List.of()));
        Value sent = firstRecord(codec.encode(new OrMapDiffResponse("tags", entries)));
        assertTrue(Trees.get(sent, "ttlMs").isNilValue());
        Value pushed = firstRecord(codec.encode(new OrMapPushDiff("tags", entries)));
        assertEquals(3, pushed.asMapValue().size());
    }

    private static Value firstRecord(byte[] frame) {
        Value entry = Trees.get(Trees.get(Trees.of(frame), "payload"), "entries").asArrayValue().get(0);
        return Trees.get(entry, "records").asArrayValue().get(0);
    }

    @Test
    void anOrMapEntryWithoutListsReadsAsEmpty() throws ProtocolException {
        byte[] frame = frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "ORMAP_PUSH_DIFF");
            out.packString("payload");
            out.packMapHeader(2);
            field(out, "mapName", "tags");
            out.packString("entries");
            out.packArrayHeader(1);
            out.packMapHeader(1);
            field(out, "key", "k");
        });
        OrMapEntry entry = ((OrMapPushDiff) codec.decode(frame)).entries().get(0);
        assertEquals(new OrMapEntry("k", List.of(), List.of()), entry);
    }
}
