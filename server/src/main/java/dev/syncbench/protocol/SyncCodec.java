package dev.syncbench.protocol;

import static dev.syncbench.protocol.FieldProblems.require;
import static dev.syncbench.protocol.FrameWriter.present;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.Timestamp;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Merkle delta sync of LWW maps (SYNC_*, MERKLE_REQ_BUCKET) and OR-Maps (ORMAP_*). The two
 * families share shapes, so one reader serves both and the record constructor picks the type.
 * SYNC_INIT and ORMAP_SYNC_INIT are flat; everything else is payload-wrapped.
 */
final class SyncCodec {
    private static final FieldProblems STRICT = FieldProblems.STRICT;
    private static final String PAYLOAD = "payload";

    @FunctionalInterface
    interface RootMaker<T> {
        T make(String mapName, long rootHash, Timestamp timestamp);
    }

    @FunctionalInterface
    interface PathMaker<T> {
        T make(String mapName, String path);
    }

    @FunctionalInterface
    interface BucketsMaker<T> {
        T make(String mapName, String path, Map<String, Long> buckets);
    }

    @FunctionalInterface
    interface EntriesMaker<T> {
        T make(String mapName, List<OrMapEntry> entries);
    }

    private SyncCodec() {
    }

    static SyncRespRoot readSyncRespRoot(FrameReader in, int size) throws IOException, ProtocolException {
        return readRoot(in, size, SyncRespRoot::new);
    }

    static OrMapSyncRespRoot readOrMapSyncRespRoot(FrameReader in, int size) throws IOException, ProtocolException {
        return readRoot(in, size, OrMapSyncRespRoot::new);
    }

    static MerkleReqBucket readMerkleReqBucket(FrameReader in, int size) throws IOException, ProtocolException {
        return readPath(in, size, MerkleReqBucket::new);
    }

    static OrMapMerkleReqBucket readOrMapMerkleReqBucket(FrameReader in, int size)
            throws IOException, ProtocolException {
        return readPath(in, size, OrMapMerkleReqBucket::new);
    }

    static SyncRespBuckets readSyncRespBuckets(FrameReader in, int size) throws IOException, ProtocolException {
        return readBuckets(in, size, SyncRespBuckets::new);
    }

    static OrMapSyncRespBuckets readOrMapSyncRespBuckets(FrameReader in, int size)
            throws IOException, ProtocolException {
        return readBuckets(in, size, OrMapSyncRespBuckets::new);
    }

    static OrMapDiffResponse readOrMapDiffResponse(FrameReader in, int size) throws IOException, ProtocolException {
        return readEntries(in, size, OrMapDiffResponse::new);
    }

    static OrMapPushDiff readOrMapPushDiff(FrameReader in, int size) throws IOException, ProtocolException {
        return readEntries(in, size, OrMapPushDiff::new);
    }

    static SyncInit readSyncInit(FrameReader in, int size) throws IOException, ProtocolException {
        String mapName = null;
        Long lastSyncTimestamp = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, "", "mapName");
                case "lastSyncTimestamp" ->
                        lastSyncTimestamp = in.optionalUint(STRICT, "", "lastSyncTimestamp", FrameReader.U64_MAX);
                default -> in.skip();
            }
        }
        return new SyncInit(require(mapName, "", "mapName"), lastSyncTimestamp);
    }

    static void writeSyncInit(FrameWriter out, SyncInit m) throws IOException {
        out.beginFlat(SyncInit.TYPE, 1 + present(m.lastSyncTimestamp()));
        out.field("mapName", m.mapName());
        out.optional("lastSyncTimestamp", m.lastSyncTimestamp());
    }

    static OrMapSyncInit readOrMapSyncInit(FrameReader in, int size) throws IOException, ProtocolException {
        String mapName = null;
        Long rootHash = null;
        Map<String, Long> bucketHashes = null;
        Long lastSyncTimestamp = null;
        Long claimedEpoch = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, "", "mapName");
                case "rootHash" -> rootHash = in.optionalUint(STRICT, "", "rootHash", FrameReader.U32_MAX);
                case "bucketHashes" -> bucketHashes = in.hashMap(STRICT, "", "bucketHashes");
                case "lastSyncTimestamp" ->
                        lastSyncTimestamp = in.optionalUint(STRICT, "", "lastSyncTimestamp", FrameReader.U64_MAX);
                case "claimedEpoch" -> claimedEpoch = in.optionalUint(STRICT, "", "claimedEpoch", FrameReader.U64_MAX);
                default -> in.skip();
            }
        }
        return new OrMapSyncInit(require(mapName, "", "mapName"), rootHash, bucketHashes, lastSyncTimestamp,
                claimedEpoch);
    }

    static void writeOrMapSyncInit(FrameWriter out, OrMapSyncInit m) throws IOException {
        out.beginFlat(OrMapSyncInit.TYPE, 1 + present(m.rootHash()) + present(m.bucketHashes())
                + present(m.lastSyncTimestamp()) + present(m.claimedEpoch()));
        out.field("mapName", m.mapName());
        out.optional("rootHash", m.rootHash());
        if (m.bucketHashes() != null) {
            out.key("bucketHashes");
            writeHashes(out, m.bucketHashes());
        }
        out.optional("lastSyncTimestamp", m.lastSyncTimestamp());
        out.optional("claimedEpoch", m.claimedEpoch());
    }

    /** SYNC_RESP_ROOT and ORMAP_SYNC_RESP_ROOT: {mapName, rootHash, timestamp}. */
    private static <T> T readRoot(FrameReader in, int size, RootMaker<T> maker) throws IOException, ProtocolException {
        String mapName = null;
        long rootHash = FrameReader.ABSENT;
        Timestamp timestamp = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "rootHash" -> rootHash = in.uint(STRICT, PAYLOAD, "rootHash", FrameReader.U32_MAX);
                case "timestamp" -> timestamp = CrdtWire.readTimestamp(in, STRICT, PAYLOAD, "timestamp");
                default -> in.skip();
            }
        }
        return maker.make(require(mapName, PAYLOAD, "mapName"), require(rootHash, PAYLOAD, "rootHash"),
                require(timestamp, PAYLOAD, "timestamp"));
    }

    static void writeRoot(FrameWriter out, String type, String mapName, long rootHash, Timestamp timestamp)
            throws IOException {
        out.beginPayload(type, 3);
        out.field("mapName", mapName);
        out.field("rootHash", rootHash);
        out.key("timestamp");
        CrdtWire.writeTimestamp(out, timestamp);
    }

    /** MERKLE_REQ_BUCKET and ORMAP_MERKLE_REQ_BUCKET: {mapName, path}. */
    private static <T> T readPath(FrameReader in, int size, PathMaker<T> maker) throws IOException, ProtocolException {
        String mapName = null;
        String path = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "path" -> path = in.string(STRICT, PAYLOAD, "path");
                default -> in.skip();
            }
        }
        return maker.make(require(mapName, PAYLOAD, "mapName"), require(path, PAYLOAD, "path"));
    }

    static void writePath(FrameWriter out, String type, String mapName, String path) throws IOException {
        out.beginPayload(type, 2);
        out.field("mapName", mapName);
        out.field("path", path);
    }

    /** SYNC_RESP_BUCKETS and ORMAP_SYNC_RESP_BUCKETS: {mapName, path, buckets}. */
    private static <T> T readBuckets(FrameReader in, int size, BucketsMaker<T> maker)
            throws IOException, ProtocolException {
        String mapName = null;
        String path = null;
        Map<String, Long> buckets = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "path" -> path = in.string(STRICT, PAYLOAD, "path");
                case "buckets" -> buckets = in.hashMap(STRICT, PAYLOAD, "buckets");
                default -> in.skip();
            }
        }
        return maker.make(require(mapName, PAYLOAD, "mapName"), require(path, PAYLOAD, "path"),
                require(buckets, PAYLOAD, "buckets"));
    }

    static void writeBuckets(FrameWriter out, String type, String mapName, String path, Map<String, Long> buckets)
            throws IOException {
        out.beginPayload(type, 3);
        out.field("mapName", mapName);
        out.field("path", path);
        out.key("buckets");
        writeHashes(out, buckets);
    }

    static SyncRespLeaf readLeaf(FrameReader in, int size) throws IOException, ProtocolException {
        String mapName = null;
        String path = null;
        List<LeafRecord> records = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "path" -> path = in.string(STRICT, PAYLOAD, "path");
                case "records" -> records = in.list(PAYLOAD, "records", SyncCodec::readLeafRecord);
                default -> in.skip();
            }
        }
        return new SyncRespLeaf(require(mapName, PAYLOAD, "mapName"), require(path, PAYLOAD, "path"),
                require(records, PAYLOAD, "records"));
    }

    private static LeafRecord readLeafRecord(FrameReader in, String path) throws IOException, ProtocolException {
        int size = in.requiredMapHeader(path);
        String key = null;
        LwwRecord record = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "key" -> key = in.string(STRICT, path, "key");
                case "record" -> record = CrdtWire.readLww(in, STRICT, path, "record");
                default -> in.skip();
            }
        }
        return new LeafRecord(require(key, path, "key"), require(record, path, "record"));
    }

    /** Leaf records always carry value (nil for tombstones), timestamp and ttlMs (nil when none). */
    static void writeLeaf(FrameWriter out, SyncRespLeaf m) throws IOException {
        out.beginPayload(SyncRespLeaf.TYPE, 3);
        out.field("mapName", m.mapName());
        out.field("path", m.path());
        out.key("records");
        out.arrayHeader(m.records().size());
        for (LeafRecord record : m.records()) {
            out.mapHeader(2);
            out.field("key", record.key());
            out.key("record");
            CrdtWire.writeLww(out, record.record(), true);
        }
    }

    static SyncResetRequired readSyncResetRequired(FrameReader in, int size) throws IOException, ProtocolException {
        String mapName = null;
        String reason = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "reason" -> reason = in.string(STRICT, PAYLOAD, "reason");
                default -> in.skip();
            }
        }
        return new SyncResetRequired(require(mapName, PAYLOAD, "mapName"), reason);
    }

    static void writeSyncResetRequired(FrameWriter out, SyncResetRequired m) throws IOException {
        out.beginPayload(SyncResetRequired.TYPE, 1 + present(m.reason()));
        out.field("mapName", m.mapName());
        out.optional("reason", m.reason());
    }

    static OrMapSyncRespLeaf readOrMapLeaf(FrameReader in, int size) throws IOException, ProtocolException {
        String mapName = null;
        String path = null;
        List<OrMapEntry> entries = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "path" -> path = in.string(STRICT, PAYLOAD, "path");
                case "entries" -> entries = in.list(PAYLOAD, "entries", SyncCodec::readEntry);
                default -> in.skip();
            }
        }
        return new OrMapSyncRespLeaf(require(mapName, PAYLOAD, "mapName"), require(path, PAYLOAD, "path"),
                require(entries, PAYLOAD, "entries"));
    }

    static void writeOrMapLeaf(FrameWriter out, OrMapSyncRespLeaf m) throws IOException {
        out.beginPayload(OrMapSyncRespLeaf.TYPE, 3);
        out.field("mapName", m.mapName());
        out.field("path", m.path());
        out.key("entries");
        writeEntries(out, m.entries(), true);
    }

    /** ORMAP_DIFF_RESPONSE and ORMAP_PUSH_DIFF: {mapName, entries}. */
    private static <T> T readEntries(FrameReader in, int size, EntriesMaker<T> maker)
            throws IOException, ProtocolException {
        String mapName = null;
        List<OrMapEntry> entries = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "entries" -> entries = in.list(PAYLOAD, "entries", SyncCodec::readEntry);
                default -> in.skip();
            }
        }
        return maker.make(require(mapName, PAYLOAD, "mapName"), require(entries, PAYLOAD, "entries"));
    }

    /**
     * Server replies write OR records' ttlMs as nil when none, as TopGun's server does; client
     * pushes omit it.
     */
    static void writeEntries(FrameWriter out, String type, String mapName, List<OrMapEntry> entries,
            boolean alwaysWriteTtl) throws IOException {
        out.beginPayload(type, 2);
        out.field("mapName", mapName);
        out.key("entries");
        writeEntries(out, entries, alwaysWriteTtl);
    }

    private static OrMapEntry readEntry(FrameReader in, String path) throws IOException, ProtocolException {
        int size = in.requiredMapHeader(path);
        String key = null;
        List<OrRecord> records = List.of();
        List<String> tombstones = List.of();
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "key" -> key = in.string(STRICT, path, "key");
                case "records" -> records = in.list(path, "records",
                        (reader, at) -> require(CrdtWire.readOr(reader, STRICT, at, ""), at, ""));
                case "tombstones" -> tombstones = in.stringList(STRICT, path, "tombstones");
                default -> in.skip();
            }
        }
        return new OrMapEntry(require(key, path, "key"), records == null ? List.of() : records,
                tombstones == null ? List.of() : tombstones);
    }

    private static void writeEntries(FrameWriter out, List<OrMapEntry> entries, boolean alwaysWriteTtl)
            throws IOException {
        out.arrayHeader(entries.size());
        for (OrMapEntry entry : entries) {
            out.mapHeader(3);
            out.field("key", entry.key());
            out.key("records");
            out.arrayHeader(entry.records().size());
            for (OrRecord record : entry.records()) {
                CrdtWire.writeOr(out, record, alwaysWriteTtl);
            }
            out.key("tombstones");
            QueryCodec.writeStrings(out, entry.tombstones());
        }
    }

    static OrMapDiffRequest readDiffRequest(FrameReader in, int size) throws IOException, ProtocolException {
        String mapName = null;
        List<String> keys = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "keys" -> keys = in.stringList(STRICT, PAYLOAD, "keys");
                default -> in.skip();
            }
        }
        return new OrMapDiffRequest(require(mapName, PAYLOAD, "mapName"), require(keys, PAYLOAD, "keys"));
    }

    static void writeDiffRequest(FrameWriter out, OrMapDiffRequest m) throws IOException {
        out.beginPayload(OrMapDiffRequest.TYPE, 2);
        out.field("mapName", m.mapName());
        out.key("keys");
        QueryCodec.writeStrings(out, m.keys());
    }

    private static void writeHashes(FrameWriter out, Map<String, Long> hashes) throws IOException {
        out.mapHeader(hashes.size());
        for (Map.Entry<String, Long> entry : hashes.entrySet()) {
            out.field(entry.getKey(), entry.getValue());
        }
    }
}
