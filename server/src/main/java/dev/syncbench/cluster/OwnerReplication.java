package dev.syncbench.cluster;

import com.hazelcast.map.IMap;
import dev.syncbench.service.WriteReplication;
import dev.syncbench.store.RecordCodec;
import dev.syncbench.store.RecordStore;
import dev.syncbench.store.StoreKey;
import dev.syncbench.store.StoreKind;
import dev.syncbench.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Cluster mode's {@link WriteReplication}: sends the merged state of each key a request wrote to
 * its partition's owner as a {@link MergeProcessor}, all keys at once, and returns when every
 * owner has merged it and its synchronous backups have it, so the OP_ACK that follows means the
 * write survives the loss of one member. When an owner knew a newer state, that state is merged
 * here at once, so the writer's member never lags behind what it acknowledged.
 */
final class OwnerReplication implements WriteReplication {
    private static final long CONFIRM_TIMEOUT_MS = 15_000;

    private final IMap<RecordKey, byte[]> records;
    private final PartitionKeys keys;
    private final RecordStore store;
    private final ReplicaFeed feed;

    OwnerReplication(IMap<RecordKey, byte[]> records, PartitionKeys keys, RecordStore store, ReplicaFeed feed) {
        this.records = records;
        this.keys = keys;
        this.store = store;
        this.feed = feed;
    }

    private record Sent(RecordKey key, CompletableFuture<byte[]> answer) {
    }

    @Override
    public void replicate(Collection<StoreKey> written) {
        List<Sent> sent = new ArrayList<>(written.size());
        for (StoreKey k : written) {
            byte[] state = switch (k.kind()) {
                case LWW -> {
                    var record = store.getLww(k.mapName(), k.key());
                    yield record == null ? null : RecordCodec.encodeLww(record);
                }
                case OR -> {
                    var entry = store.getOr(k.mapName(), k.key());
                    yield entry == null ? null : RecordCodec.encodeOr(entry);
                }
                default -> null;
            };
            if (state != null) {
                byte kind = k.kind() == StoreKind.LWW ? RecordKey.LWW : RecordKey.OR;
                RecordKey key = new RecordKey(kind, k.mapName(), k.key(), keys.tokenOf(k.key()));
                sent.add(new Sent(key, records.submitToKey(key, new MergeProcessor(kind, state)).toCompletableFuture()));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONFIRM_TIMEOUT_MS);
        for (Sent s : sent) {
            byte[] newer;
            try {
                newer = s.answer().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while the cluster confirmed the write");
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new StoreUnavailableException("the owner of " + s.key() + " did not confirm the write ("
                        + cause.getClass().getSimpleName() + ")");
            }
            if (newer != null) {
                feed.merge(s.key(), newer);
            }
        }
    }
}
