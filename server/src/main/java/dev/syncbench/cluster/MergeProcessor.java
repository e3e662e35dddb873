package dev.syncbench.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.store.RecordCodec;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs on a partition's owner (and, as its own backup processor, on the backup): merges a member's
 * state of one key into the stored one with the single node's CRDT rules (LWW: a strictly newer
 * timestamp wins; OR-Map: union of records, tombstones win). Values are {@link RecordCodec}
 * bytes, so Hazelcast never serializes our records. Returns the stored state when it differs from
 * what was sent (the owner knew more), else null.
 */
final class MergeProcessor implements EntryProcessor<RecordKey, byte[], byte[]>, IdentifiedDataSerializable {
    private byte kind;
    private byte[] state;

    MergeProcessor() {
    }

    MergeProcessor(byte kind, byte[] state) {
        this.kind = kind;
        this.state = state;
    }

    @Override
    public byte[] process(Map.Entry<RecordKey, byte[]> entry) {
        byte[] stored = entry.getValue();
        byte[] merged;
        try {
            merged = kind == RecordKey.LWW ? mergeLww(stored) : mergeOr(stored);
        } catch (RuntimeException e) {
            // The error goes back to the sending member Java-serialized: only JDK and Hazelcast
            // classes pass the deserialization filter there, so a codec's exception is not sent as is.
            throw new IllegalArgumentException("could not merge " + entry.getKey() + ": " + e);
        }
        if (merged != stored) {
            entry.setValue(merged);
        }
        return Arrays.equals(merged, state) ? null : merged;
    }

    private byte[] mergeLww(byte[] stored) {
        if (stored == null) {
            return state;
        }
        LwwRecord incoming = RecordCodec.decodeLww(state);
        return RecordCodec.decodeLww(stored).isReplacedBy(incoming) ? state : stored;
    }

    private byte[] mergeOr(byte[] stored) {
        if (stored == null) {
            return state;
        }
        OrMapEntry current = RecordCodec.decodeOr(stored);
        OrMapEntry incoming = RecordCodec.decodeOr(state);
        OrMapEntry merged = current.merge(incoming.records(), incoming.tombstones());
        if (merged == current) {
            return stored;
        }
        return merged.equals(incoming) ? state : RecordCodec.encodeOr(merged);
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.MERGE_PROCESSOR;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(kind);
        out.writeByteArray(state);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = in.readByte();
        state = in.readByteArray();
    }
}
