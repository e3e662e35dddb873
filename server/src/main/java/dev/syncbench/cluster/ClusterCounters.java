package dev.syncbench.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.syncbench.crdt.PnCounter;
import dev.syncbench.service.CounterReplication;
import dev.syncbench.service.CounterService;
import dev.syncbench.store.RecordCodec;
import dev.syncbench.store.StoreUnavailableException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cluster mode's PN-counters: each counter's state is merged by its owner in a Hazelcast map
 * ({@link CounterMergeProcessor}, backed up synchronously), and every owner's change reaches every
 * member as an entry event, merged into that member's {@link CounterService}, which pushes
 * COUNTER_UPDATE to its subscribers. Events are not replayed after an owner dies, so the map is
 * read again then, as on joining.
 */
final class ClusterCounters implements CounterReplication, EntryAddedListener<String, byte[]>,
        EntryUpdatedListener<String, byte[]> {
    private static final Logger LOG = Logger.getLogger(ClusterCounters.class.getName());
    private static final long CONFIRM_TIMEOUT_MS = 15_000;

    private final IMap<String, byte[]> counters;
    private final CounterService local;

    ClusterCounters(IMap<String, byte[]> counters, CounterService local) {
        this.counters = counters;
        this.local = local;
    }

    @Override
    public PnCounter replicate(String name, PnCounter state) {
        byte[] newer;
        try {
            newer = counters.submitToKey(name, new CounterMergeProcessor(RecordCodec.encodeCounter(state)))
                    .toCompletableFuture().get(CONFIRM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while the cluster merged counter '" + name + "'");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // RuntimeException: a member shutting down refuses the call at once.
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new StoreUnavailableException("the owner of counter '" + name + "' did not confirm the sync ("
                    + cause.getClass().getSimpleName() + ")");
        }
        return newer == null ? null : RecordCodec.decodeCounter(newer);
    }

    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
        merge(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
        merge(event.getKey(), event.getValue());
    }

    /** Reads every counter of the cluster into the local service. */
    void catchUpAll() {
        for (Map.Entry<String, byte[]> entry : counters.entrySet()) {
            merge(entry.getKey(), entry.getValue());
        }
    }

    private void merge(String name, byte[] state) {
        try {
            local.mergeReplicated(name, RecordCodec.decodeCounter(state));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not merge counter '" + name + "' from the cluster", e);
        }
    }
}
