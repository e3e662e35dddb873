package dev.syncbench.cluster;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** Hazelcast's fast path for the classes of ours that cross members: keys, entries, processors and messages. */
final class ClusterSerialization implements DataSerializableFactory {
    static final int FACTORY_ID = 7271;
    static final int RECORD_KEY = 1;
    static final int MERGE_PROCESSOR = 2;
    static final int LOCK_ENTRY = 3;
    static final int LOCK_PROCESSOR = 4;
    static final int COUNTER_MERGE = 5;
    static final int RELAYED_PUBLICATION = 6;

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case RECORD_KEY -> new RecordKey();
            case MERGE_PROCESSOR -> new MergeProcessor();
            case LOCK_ENTRY -> new LockEntry();
            case LOCK_PROCESSOR -> new LockProcessor();
            case COUNTER_MERGE -> new CounterMergeProcessor();
            case RELAYED_PUBLICATION -> new RelayedPublication();
            default -> throw new IllegalArgumentException("unknown class id " + classId);
        };
    }
}
