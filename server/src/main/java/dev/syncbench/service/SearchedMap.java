package dev.syncbench.service;

import dev.syncbench.search.MapIndex;
import dev.syncbench.search.ScoredKey;
import dev.syncbench.search.SearchQuery;
import dev.syncbench.search.VectorMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A map someone has searched: its index, its live searches, and the keys written since their last
 * pass. Writers only index the change and, while live searches exist, note the key and make sure
 * a pass is coming; the pass runs on another thread, so a write never waits for a search. One
 * pass at a time re-runs each live search on everything written so far and sends the
 * differences, so changes that arrive together are handled together.
 *
 * <p>A subscription takes its first result under the same lock as the passes, after reading the
 * change sequence: every change it did not see has a higher sequence and is in a later pass.
 */
final class SearchedMap implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SearchedMap.class.getName());

    private final String mapName;
    private final MapIndex index;
    private final Executor passes;
    private final Predicate<String> live;
    /** Complete once the index holds every record the store held when it was opened. */
    private final CompletableFuture<Void> built = new CompletableFuture<>();
    private final Set<LiveSearch> subscriptions = ConcurrentHashMap.newKeySet();
    /** Keys changed since the last pass, each with the sequence of its latest change. */
    private final Map<String, Long> touched = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean passPending = new AtomicBoolean();
    private final ReentrantLock passLock = new ReentrantLock();
    /** Keys whose vector a remote embedding provider still has to compute. */
    private final Set<String> toEmbed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean embedPending = new AtomicBoolean();
    /** When a search last used the index (System.nanoTime). */
    private volatile long lastUsed = System.nanoTime();
    /** Guarded by passLock: retired, so it takes no new subscription. */
    private boolean retired;

    SearchedMap(String mapName, Executor passes, Predicate<String> live) {
        this.mapName = mapName;
        this.index = new MapIndex();
        this.passes = passes;
        this.live = live;
    }

    String mapName() {
        return mapName;
    }

    MapIndex index() {
        return index;
    }

    CompletableFuture<Void> built() {
        return built;
    }

    /** A key now holds this text (empty: nothing to find) and vector (null: none yet). Called in the key's partition. */
    void put(String key, String text, float[] vector) {
        index.put(key, text, vector);
        changed(key);
    }

    /** Adds the vector computed later for a key's unchanged text; not a change live searches see. */
    void putVector(String key, String text, float[] vector) {
        index.put(key, text, vector);
    }

    /** Notes a key whose vector must be computed off the writer's thread; true when no pass for that is pending yet. */
    boolean embedLater(String key) {
        toEmbed.add(key);
        return embedPending.compareAndSet(false, true);
    }

    /** Takes up to {@code max} keys waiting for vectors; an empty list ends the embedding pass. */
    List<String> takeToEmbed(int max) {
        List<String> taken = new ArrayList<>(Math.min(max, 16));
        for (String key : toEmbed) {
            if (taken.size() == max) {
                return taken;
            }
            if (toEmbed.remove(key)) {
                taken.add(key);
            }
        }
        if (taken.isEmpty()) {
            embedPending.set(false);
            // a key added after the loop, whose writer saw the pass still pending, is taken now
            if (!toEmbed.isEmpty() && embedPending.compareAndSet(false, true)) {
                return takeToEmbed(max);
            }
        }
        return taken;
    }

    /** A key was removed or expired. Called in the key's partition. */
    void delete(String key) {
        index.delete(key);
        changed(key);
    }

    private void changed(String key) {
        if (subscriptions.isEmpty()) {
            return;
        }
        touched.put(key, sequence.incrementAndGet());
        if (passPending.compareAndSet(false, true)) {
            passes.execute(this::pass);
        }
    }

    List<ScoredKey> search(SearchQuery query, int limit, double minScore) {
        lastUsed = System.nanoTime();
        return index.search(query, limit, minScore, live);
    }

    List<VectorMatch> nearest(float[] target, int candidates, boolean withVectors) {
        lastUsed = System.nanoTime();
        return index.nearest(target, candidates, withVectors, live);
    }

    /**
     * Marks the index retired if no live search holds it and no search used it for {@code idleNanos}:
     * it then takes no new subscription, and the caller drops it.
     */
    boolean retireIfUnused(long idleNanos) {
        passLock.lock();
        try {
            if (retired || !subscriptions.isEmpty() || System.nanoTime() - lastUsed < idleNanos) {
                return false;
            }
            retired = true;
            return true;
        } finally {
            passLock.unlock();
        }
    }

    /**
     * Registers a live search and sends its first result, ordered with the passes.
     *
     * @return false when the index was retired meanwhile: subscribe to a fresh one
     */
    boolean subscribe(LiveSearch subscription) {
        passLock.lock();
        try {
            if (retired) {
                return false;
            }
            subscriptions.add(subscription);
            // read before searching: a change this result may have missed gets a later sequence
            long seen = sequence.get();
            subscription.start(this, seen);
            return true;
        } catch (RuntimeException e) {
            subscriptions.remove(subscription);
            throw e;
        } finally {
            passLock.unlock();
        }
    }

    /** Unregisters a live search; once this returns, nothing more is sent for it. */
    void unsubscribe(LiveSearch subscription) {
        passLock.lock();
        try {
            subscriptions.remove(subscription);
        } finally {
            passLock.unlock();
        }
    }

    boolean hasSubscriptions() {
        return !subscriptions.isEmpty();
    }

    /** One pass: re-runs every live search on the map as it is now and sends each its differences. */
    private void pass() {
        passLock.lock();
        try {
            passPending.set(false);
            Map<String, Long> batch = new HashMap<>();
            for (Map.Entry<String, Long> entry : touched.entrySet()) {
                if (touched.remove(entry.getKey(), entry.getValue())) {
                    batch.put(entry.getKey(), entry.getValue());
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            for (LiveSearch subscription : subscriptions) {
                try {
                    subscription.refresh(this, batch);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "live search '" + subscription.subscriptionId() + "' on map '" + mapName
                            + "' failed; it ends", e);
                    subscriptions.remove(subscription);
                    subscription.fail(String.valueOf(e.getMessage()));
                }
            }
        } finally {
            passLock.unlock();
        }
    }

    @Override
    public void close() {
        index.close();
    }
}
