package dev.syncbench.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/** One topic publication on its way to the other members: the topic's name and its encoded TOPIC_MESSAGE. */
final class RelayedPublication implements IdentifiedDataSerializable {
    private String topic;
    private byte[] frame;

    RelayedPublication() {
    }

    RelayedPublication(String topic, byte[] frame) {
        this.topic = topic;
        this.frame = frame;
    }

    String topic() {
        return topic;
    }

    byte[] frame() {
        return frame;
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.RELAYED_PUBLICATION;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(topic);
        out.writeByteArray(frame);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        topic = in.readString();
        frame = in.readByteArray();
    }
}
