package dev.syncbench.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import dev.syncbench.partition.Partitioning;
import dev.syncbench.service.WriteService;
import dev.syncbench.store.RecordCodec;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps this member's local store a full replica of the cluster's records, so queries, live
 * events, search and Merkle sync run on it unchanged: every change an owner applies reaches every
 * member as an entry event and merges through {@link WriteService} like a write (events fire
 * where the merge changes something, so a change already merged here is quiet). Events are not
 * replayed after an owner dies, so the records of partitions it owned are read again then.
 */
final class ReplicaFeed implements EntryAddedListener<RecordKey, byte[]>, EntryUpdatedListener<RecordKey, byte[]> {
    private static final Logger LOG = Logger.getLogger(ReplicaFeed.class.getName());

    private final IMap<RecordKey, byte[]> records;
    private final PartitionKeys keys;
    private final WriteService writes;

    ReplicaFeed(IMap<RecordKey, byte[]> records, PartitionKeys keys, WriteService writes) {
        this.records = records;
        this.keys = keys;
        this.writes = writes;
    }

    @Override
    public void entryAdded(EntryEvent<RecordKey, byte[]> event) {
        merge(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<RecordKey, byte[]> event) {
        merge(event.getKey(), event.getValue());
    }

    /** Merges one key's state as an owner holds it into the local replica. */
    void merge(RecordKey key, byte[] state) {
        try {
            if (key.kind() == RecordKey.LWW) {
                writes.mergeReplicatedLww(key.mapName(), key.key(), RecordCodec.decodeLww(state));
            } else {
                writes.mergeReplicatedOr(key.mapName(), key.key(), RecordCodec.decodeOr(state));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not merge " + key + " from the cluster", e);
        }
    }

    /** Reads every record of one partition from its owner into the local replica. */
    void catchUp(int partition) {
        for (Map.Entry<RecordKey, byte[]> entry
                : records.entrySet(Predicates.partitionPredicate(keys.token(partition), Predicates.alwaysTrue()))) {
            merge(entry.getKey(), entry.getValue());
        }
    }

    /** Reads every record of the cluster, partition by partition, into the local replica. */
    void catchUpAll() {
        for (int p = 0; p < Partitioning.PARTITION_COUNT; p++) {
            catchUp(p);
        }
    }
}
