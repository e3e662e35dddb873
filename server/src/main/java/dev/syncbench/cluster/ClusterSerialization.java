package dev.syncbench.cluster;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** Hazelcast's fast path for the two classes of ours that cross members: the record key and the merge. */
final class ClusterSerialization implements DataSerializableFactory {
    static final int FACTORY_ID = 7271;
    static final int RECORD_KEY = 1;
    static final int MERGE_PROCESSOR = 2;

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case RECORD_KEY -> new RecordKey();
            case MERGE_PROCESSOR -> new MergeProcessor();
            default -> throw new IllegalArgumentException("unknown class id " + classId);
        };
    }
}
