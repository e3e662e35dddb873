package dev.syncbench.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.partition.PartitionAware;
import java.io.IOException;
import java.util.Objects;

/**
 * A key of the cluster's record map: one LWW record or OR-Map entry of one map. Its partition key
 * is the token of our partition of the record's key (see {@link PartitionKeys}).
 */
final class RecordKey implements IdentifiedDataSerializable, PartitionAware<String> {
    static final byte LWW = 1;
    static final byte OR = 2;

    private byte kind;
    private String mapName;
    private String key;
    private String partitionToken;

    RecordKey() {
    }

    RecordKey(byte kind, String mapName, String key, String partitionToken) {
        this.kind = kind;
        this.mapName = mapName;
        this.key = key;
        this.partitionToken = partitionToken;
    }

    byte kind() {
        return kind;
    }

    String mapName() {
        return mapName;
    }

    String key() {
        return key;
    }

    @Override
    public String getPartitionKey() {
        return partitionToken;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.RECORD_KEY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(kind);
        out.writeString(mapName);
        out.writeString(key);
        out.writeString(partitionToken);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = in.readByte();
        mapName = in.readString();
        key = in.readString();
        partitionToken = in.readString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordKey other && kind == other.kind && mapName.equals(other.mapName) && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, mapName, key);
    }

    @Override
    public String toString() {
        return (kind == LWW ? "lww " : "or ") + mapName + "/" + key;
    }
}
