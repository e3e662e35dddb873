package dev.syncbench.service;

import dev.syncbench.crdt.Hlc;
import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.GcPrune;
import dev.syncbench.protocol.LeafRecord;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.MerkleReqBucket;
import dev.syncbench.protocol.OpAck;
import dev.syncbench.protocol.OrMapDiffRequest;
import dev.syncbench.protocol.OrMapDiffResponse;
import dev.syncbench.protocol.OrMapEntry;
import dev.syncbench.protocol.OrMapMerkleReqBucket;
import dev.syncbench.protocol.OrMapPushDiff;
import dev.syncbench.protocol.OrMapSyncInit;
import dev.syncbench.protocol.OrMapSyncRespBuckets;
import dev.syncbench.protocol.OrMapSyncRespLeaf;
import dev.syncbench.protocol.OrMapSyncRespRoot;
import dev.syncbench.protocol.SyncInit;
import dev.syncbench.protocol.SyncRespBuckets;
import dev.syncbench.protocol.SyncRespLeaf;
import dev.syncbench.protocol.SyncRespRoot;
import dev.syncbench.store.RecordStore;
import dev.syncbench.sync.MerkleIndex;
import dev.syncbench.sync.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Merkle delta sync (PROTOCOL §7): answers LWW and OR-Map root, bucket, leaf and diff requests
 * from {@link MerkleIndex}'s per-map trees, and merges OR-Map entries clients push. Every
 * request gets a reply, an empty one for a node that does not exist.
 *
 * <p>Once tombstones have been pruned, clients are told with GC_PRUNE {olderThan} (ours: TopGun's
 * server never sends it): every connection that has LWW-synced gets one after each pruning pass,
 * and every SYNC_INIT is preceded by one, so a client drops the tombstones the server no longer
 * holds before it compares roots, and the roots match again.
 */
public final class SyncService {
    private final RecordStore store;
    private final MerkleIndex index;
    private final WriteService writes;
    private final Hlc hlc;
    private final Supplier<Timestamp> pruneBound;
    private final MessageCodec codec;
    /** Connections that sent SYNC_INIT, told of each pruning pass; released on disconnect. */
    private final Map<Long, ClientSession> lwwSyncers = new ConcurrentHashMap<>();

    /** Without tombstone pruning; for tests. */
    public SyncService(RecordStore store, MerkleIndex index, WriteService writes, Hlc hlc) {
        this(store, index, writes, hlc, () -> null, new MessageCodec());
    }

    /** {@code pruneBound} says which tombstones are gone (see {@link TombstonePruner#pruneBound}). */
    public SyncService(RecordStore store, MerkleIndex index, WriteService writes, Hlc hlc,
                       Supplier<Timestamp> pruneBound, MessageCodec codec) {
        this.store = store;
        this.index = index;
        this.writes = writes;
        this.hlc = hlc;
        this.pruneBound = pruneBound;
        this.codec = codec;
    }

    /** Tells every LWW-syncing connection which tombstones the server pruned. */
    public void tombstonesPruned(Timestamp olderThan) {
        if (olderThan == null || lwwSyncers.isEmpty()) {
            return;
        }
        byte[] frame = codec.encode(new GcPrune(olderThan));
        for (ClientSession session : lwwSyncers.values()) {
            session.sendEvent(frame);
        }
    }

    public void disconnected(ClientSession session) {
        lwwSyncers.remove(session.id());
    }

    public void syncInit(ClientSession session, SyncInit request) {
        if (refuseReserved(session, request.mapName())) {
            return;
        }
        lwwSyncers.putIfAbsent(session.id(), session);
        Timestamp pruned = pruneBound.get();
        if (pruned != null) {
            session.send(new GcPrune(pruned));
        }
        long root = index.lwwTree(request.mapName()).rootHash();
        session.send(new SyncRespRoot(request.mapName(), root, hlc.now()));
    }

    public void bucket(ClientSession session, MerkleReqBucket request) {
        String mapName = request.mapName();
        String path = request.path();
        if (refuseReserved(session, mapName) || refuseInvalidPath(session, path)) {
            return;
        }
        MerkleTree tree = index.lwwTree(mapName);
        if (path.length() < MerkleTree.DEPTH) {
            session.send(new SyncRespBuckets(mapName, path, tree.buckets(path)));
            return;
        }
        List<LeafRecord> records = new ArrayList<>();
        for (String key : tree.leafKeys(path)) {
            LwwRecord record = store.getLww(mapName, key);
            if (record != null) {
                records.add(new LeafRecord(key, record));
            }
        }
        session.send(new SyncRespLeaf(mapName, path, records));
    }

    /** The client's own hashes are ignored: they never equal ours (reference §7.1), and GC epochs are off. */
    public void orSyncInit(ClientSession session, OrMapSyncInit request) {
        if (refuseReserved(session, request.mapName())) {
            return;
        }
        long root = index.orTree(request.mapName()).rootHash();
        session.send(new OrMapSyncRespRoot(request.mapName(), root, hlc.now()));
    }

    public void orBucket(ClientSession session, OrMapMerkleReqBucket request) {
        String mapName = request.mapName();
        String path = request.path();
        if (refuseReserved(session, mapName) || refuseInvalidPath(session, path)) {
            return;
        }
        MerkleTree tree = index.orTree(mapName);
        if (path.length() < MerkleTree.DEPTH) {
            session.send(new OrMapSyncRespBuckets(mapName, path, tree.buckets(path)));
            return;
        }
        List<OrMapEntry> entries = new ArrayList<>();
        for (String key : tree.leafKeys(path)) {
            dev.syncbench.crdt.OrMapEntry entry = store.getOr(mapName, key);
            if (entry != null && !entry.isEmpty()) {
                entries.add(wireEntry(key, entry));
            }
        }
        session.send(new OrMapSyncRespLeaf(mapName, path, entries));
    }

    /** One entry per requested key, in request order; an unknown key gets empty records and tombstones. */
    public void orDiff(ClientSession session, OrMapDiffRequest request) {
        String mapName = request.mapName();
        if (refuseReserved(session, mapName)) {
            return;
        }
        List<OrMapEntry> entries = new ArrayList<>(request.keys().size());
        for (String key : request.keys()) {
            entries.add(wireEntry(key, store.getOr(mapName, key)));
        }
        session.send(new OrMapDiffResponse(mapName, entries));
    }

    public void orPush(ClientSession session, OrMapPushDiff request) {
        if (refuseReserved(session, request.mapName())) {
            return;
        }
        ErrorMessage error = writes.mergeOrEntries(session, request.mapName(), request.entries());
        session.send(error != null ? error : new OpAck("unknown", "APPLIED", null));
    }

    private static OrMapEntry wireEntry(String key, dev.syncbench.crdt.OrMapEntry entry) {
        if (entry == null) {
            return new OrMapEntry(key, List.of(), List.of());
        }
        List<OrRecord> records = List.copyOf(entry.records());
        List<String> tombstones = entry.tombstones().stream().sorted().toList();
        return new OrMapEntry(key, records, tombstones);
    }

    private static boolean refuseReserved(ClientSession session, String mapName) {
        if (WriteService.isReserved(mapName)) {
            session.send(new ErrorMessage(403, "map name '" + mapName + "' is reserved", null));
            return true;
        }
        return false;
    }

    private static boolean refuseInvalidPath(ClientSession session, String path) {
        if (!MerkleTree.isValidPath(path)) {
            session.send(new ErrorMessage(400, "invalid bucket path \"" + path
                    + "\": expected up to " + MerkleTree.DEPTH + " lowercase hex digits", null));
            return true;
        }
        return false;
    }
}
