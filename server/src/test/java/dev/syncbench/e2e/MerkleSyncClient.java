package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.store.RecordStore;
import dev.syncbench.support.Msg;
import dev.syncbench.support.TestClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A replica that syncs one LWW map and one OR-Map over the wire the way TopGun's client does:
 * compare roots, descend only into buckets whose hash differs from its own, merge leaf records
 * with the CRDT rules. It counts the requests of each sync so tests can tell how far it walked.
 */
final class MerkleSyncClient {

    /** A record as a replica holds it, comparable across the wire and the server's store. */
    record Rec(Value value, long millis, long counter, String nodeId, Long ttlMs) {
        static Rec fromWire(Value record) {
            Value ttl = Msg.get(record, "ttlMs");
            Value value = Msg.get(record, "value");
            return new Rec(value == null ? ValueFactory.newNil() : value,
                    Msg.num(record, "timestamp.millis"), Msg.num(record, "timestamp.counter"),
                    Msg.str(record, "timestamp.nodeId"),
                    ttl == null || ttl.isNilValue() ? null : Msg.num(record, "ttlMs"));
        }

        static Rec fromStore(LwwRecord r) {
            return new Rec(r.value() == null ? ValueFactory.newNil() : r.value().toValue(),
                    r.timestamp().millis(), r.timestamp().counter(), r.timestamp().nodeId(), r.ttlMs());
        }

        static Rec fromStore(OrRecord r) {
            return new Rec(r.value() == null ? ValueFactory.newNil() : r.value().toValue(),
                    r.timestamp().millis(), r.timestamp().counter(), r.timestamp().nodeId(), r.ttlMs());
        }

        boolean isAfter(Rec other) {
            if (millis != other.millis) {
                return millis > other.millis;
            }
            if (counter != other.counter) {
                return counter > other.counter;
            }
            return nodeId.compareTo(other.nodeId) > 0; // ASCII node ids: String order is byte order
        }
    }

    /** An OR-Map key's state on this replica. */
    record OrState(Map<String, Rec> records, Set<String> tombstones) {
        static OrState empty() {
            return new OrState(new TreeMap<>(), new HashSet<>());
        }

        static OrState fromStore(OrMapEntry entry) {
            OrState state = empty();
            entry.records().forEach(r -> state.records.put(r.tag(), Rec.fromStore(r)));
            state.tombstones.addAll(entry.tombstones());
            return state;
        }

        static OrState fromWire(Value entry) {
            OrState state = empty();
            state.merge(entry);
            return state;
        }

        /** The reference merge_key: union tombstones, drop what they cover, add newer untombstoned records. */
        void merge(Value entry) {
            for (Value tag : Msg.get(entry, "tombstones").asArrayValue()) {
                tombstones.add(tag.asStringValue().asString());
            }
            records.keySet().removeAll(tombstones);
            for (Value record : Msg.get(entry, "records").asArrayValue()) {
                String tag = Msg.str(record, "tag");
                Rec incoming = Rec.fromWire(record);
                Rec existing = records.get(tag);
                if (!tombstones.contains(tag) && (existing == null || incoming.isAfter(existing))) {
                    records.put(tag, incoming);
                }
            }
        }

        long itemHash(String key) {
            return ClientMerkleTree.orItemHash(key, List.copyOf(records.keySet()), List.copyOf(tombstones));
        }
    }

    private final TestClient client;
    private final String lwwMap;
    private final String orMap;
    final Map<String, Rec> lww = new HashMap<>();
    final Map<String, OrState> or = new HashMap<>();
    private int requests;

    MerkleSyncClient(TestClient client, String lwwMap, String orMap) {
        this.client = client;
        this.lwwMap = lwwMap;
        this.orMap = orMap;
    }

    /** One LWW delta sync; returns the number of requests it took. */
    int syncLww() {
        requests = 0;
        ClientMerkleTree tree = new ClientMerkleTree();
        lww.forEach((key, rec) -> tree.update(key, ClientMerkleTree.lwwItemHash(key, rec.millis, rec.counter, rec.nodeId)));
        Value root = request(map("type", "SYNC_INIT", "mapName", lwwMap), "SYNC_RESP_ROOT");
        if (Msg.num(root, "payload.rootHash") != tree.rootHash()) {
            walk("MERKLE_REQ_BUCKET", lwwMap, "", tree, "SYNC_RESP_BUCKETS", "SYNC_RESP_LEAF");
        }
        return requests;
    }

    /** One OR-Map delta sync; returns the number of requests it took. */
    int syncOr() {
        requests = 0;
        ClientMerkleTree tree = orTree();
        Value root = request(map("type", "ORMAP_SYNC_INIT", "mapName", orMap, "rootHash", tree.rootHash(),
                "bucketHashes", map()), "ORMAP_SYNC_RESP_ROOT");
        if (Msg.num(root, "payload.rootHash") != tree.rootHash()) {
            walk("ORMAP_MERKLE_REQ_BUCKET", orMap, "", tree, "ORMAP_SYNC_RESP_BUCKETS", "ORMAP_SYNC_RESP_LEAF");
        }
        return requests;
    }

    ClientMerkleTree orTree() {
        ClientMerkleTree tree = new ClientMerkleTree();
        or.forEach((key, state) -> tree.update(key, state.itemHash(key)));
        return tree;
    }

    /** ORMAP_DIFF_REQUEST for {@code keys}: the server's entries, in the order it sent them. */
    List<Value> diff(List<String> keys) {
        Value response = request(map("type", "ORMAP_DIFF_REQUEST",
                "payload", map("mapName", orMap, "keys", Msg.value(keys))), "ORMAP_DIFF_RESPONSE");
        return Msg.get(response, "payload.entries").asArrayValue().list();
    }

    private void walk(String requestType, String mapName, String path, ClientMerkleTree tree,
                      String bucketsType, String leafType) {
        Value response = request(map("type", requestType, "payload", map("mapName", mapName, "path", path)), null);
        String type = Msg.type(response);
        if (bucketsType.equals(type)) {
            if (!path.equals(Msg.str(response, "payload.path"))) {
                throw new AssertionError("path not echoed: " + response);
            }
            for (var bucket : Msg.get(response, "payload.buckets").asMapValue().entrySet()) {
                String child = path + bucket.getKey().asStringValue().asString();
                if (bucket.getValue().asIntegerValue().toLong() != tree.hashAt(child)) {
                    walk(requestType, mapName, child, tree, bucketsType, leafType);
                }
            }
        } else if (leafType.equals(type) && "SYNC_RESP_LEAF".equals(type)) {
            for (Value item : Msg.get(response, "payload.records").asArrayValue()) {
                String key = Msg.str(item, "key");
                Rec incoming = Rec.fromWire(Msg.get(item, "record"));
                Rec local = lww.get(key);
                if (local == null || incoming.isAfter(local)) {
                    lww.put(key, incoming);
                }
            }
        } else if (leafType.equals(type)) {
            for (Value entry : Msg.get(response, "payload.entries").asArrayValue()) {
                or.computeIfAbsent(Msg.str(entry, "key"), k -> OrState.empty()).merge(entry);
            }
        } else {
            throw new AssertionError("unexpected reply to " + requestType + " " + path + ": " + response);
        }
    }

    private Value request(Value message, String expectedType) {
        requests++;
        client.send(message);
        return expectedType == null ? client.next() : client.expect(expectedType);
    }

    static Map<String, Rec> lwwStateOf(RecordStore store, String mapName) {
        Map<String, Rec> state = new HashMap<>();
        store.forEachLww(mapName, (key, record) -> state.put(key, Rec.fromStore(record)));
        return state;
    }

    static Map<String, OrState> orStateOf(RecordStore store, String mapName) {
        Map<String, OrState> state = new HashMap<>();
        store.forEachOr(mapName, (key, entry) -> state.put(key, OrState.fromStore(entry)));
        return state;
    }
}
