package dev.syncbench.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.syncbench.crdt.PnCounter;
import dev.syncbench.store.RecordCodec;
import java.io.IOException;
import java.util.Map;

/**
 * Runs on a counter's owner (and as its own backup processor on the backup: a PN-counter merge
 * gives the same result wherever it runs): merges a member's state of one counter into the stored
 * one. Values are {@link RecordCodec} bytes. Returns the stored state when it holds more than what
 * was sent, else null.
 */
final class CounterMergeProcessor implements EntryProcessor<String, byte[], byte[]>, IdentifiedDataSerializable {
    private byte[] state;

    CounterMergeProcessor() {
    }

    CounterMergeProcessor(byte[] state) {
        this.state = state;
    }

    @Override
    public byte[] process(Map.Entry<String, byte[]> entry) {
        byte[] stored = entry.getValue();
        if (stored == null) {
            entry.setValue(state);
            return null;
        }
        PnCounter merged;
        PnCounter incoming;
        PnCounter current;
        try {
            incoming = RecordCodec.decodeCounter(state);
            current = RecordCodec.decodeCounter(stored);
            merged = current.merge(incoming);
        } catch (RuntimeException e) {
            // Only JDK and Hazelcast exceptions pass the members' deserialization filter.
            throw new IllegalArgumentException("could not merge counter " + entry.getKey() + ": " + e);
        }
        if (!merged.equals(current)) {
            entry.setValue(RecordCodec.encodeCounter(merged));
        }
        return merged.equals(incoming) ? null : RecordCodec.encodeCounter(merged);
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.COUNTER_MERGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(state);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        state = in.readByteArray();
    }
}
