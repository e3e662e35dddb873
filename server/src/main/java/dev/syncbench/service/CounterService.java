package dev.syncbench.service;

import dev.syncbench.crdt.PnCounter;
import dev.syncbench.protocol.CounterRequest;
import dev.syncbench.protocol.CounterResponse;
import dev.syncbench.protocol.CounterSync;
import dev.syncbench.protocol.CounterUpdate;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.store.MemoryRecordStore;
import dev.syncbench.store.RecordStore;
import dev.syncbench.store.StoreKey;
import dev.syncbench.store.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Named PN-counters shared by their subscribers (PROTOCOL §8, reference §9.3), kept in the record
 * store: a synced state is logged like a write (ERROR 503 when the log takes no writes), and the
 * counters the store holds at start-up are loaded back.
 * A request or a sync subscribes the caller; a sync merges and sends the merged state to every
 * subscriber, the sender included.
 *
 * <p>Only a sync creates a counter's state: a request for an unknown name answers the empty state
 * and keeps nothing but the subscription, which ends with the connection. A counter nobody
 * follows and nobody has synced for the retention is forgotten ({@link #forgetIdle}); a client
 * syncing it later brings its state back, as PN-counter merges allow. Names are 1 to
 * {@link #MAX_NAME_CHARS} characters.
 *
 * <p>All of a counter's frames are queued while holding the counter's lock, so each subscriber
 * sees that counter's states in merge order and never sees one go backwards. That is why the
 * response to COUNTER_REQUEST and the sender's own COUNTER_UPDATE also go out as events: a reply
 * queued after the lock is released could overtake, or be overtaken by, a newer update.
 *
 * <p>In cluster mode a sync's merged state also goes to the counter's owner ({@link
 * CounterReplication}), and the owner's changes reach every member through
 * {@link #mergeReplicated}, which updates that member's subscribers when the state grew.
 */
public final class CounterService {
    public static final int MAX_NAME_CHARS = 256;
    private static final long NEVER_WRITTEN = Long.MIN_VALUE;

    private final MessageCodec codec;
    private final RecordStore store;
    private final Duration retention;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    /** Counters each connection subscribed to, for disconnect cleanup. */
    private final ConcurrentHashMap<Long, Set<String>> countersBySession = new ConcurrentHashMap<>();
    /** Null on a single node. */
    private volatile CounterReplication replication;

    /** A counter's state and subscribers; {@code lock} guards the state and orders its frames. */
    private static final class Counter {
        final ReentrantLock lock = new ReentrantLock();
        final Map<Long, ClientSession> subscribers = new ConcurrentHashMap<>();
        PnCounter state = PnCounter.EMPTY;
        /** When a sync last merged into it; NEVER_WRITTEN while only requests know the name. */
        volatile long lastSyncMillis = NEVER_WRITTEN;
    }

    /** Counters kept for as long as the server runs; for tests. */
    public CounterService(MessageCodec codec) {
        this(codec, Duration.ofMillis(Long.MAX_VALUE), System::currentTimeMillis);
    }

    /** With a store of its own in memory; for tests. */
    public CounterService(MessageCodec codec, Duration retention, LongSupplier clock) {
        this(codec, new MemoryRecordStore(), retention, clock);
    }

    /** Loads the counters the store holds; each counts as synced now, so none is forgotten before the retention. */
    public CounterService(MessageCodec codec, RecordStore store, Duration retention, LongSupplier clock) {
        this.codec = codec;
        this.store = store;
        this.retention = retention;
        this.clock = clock;
        long now = clock.getAsLong();
        store.forEachCounter((name, state) -> {
            Counter counter = new Counter();
            counter.state = state;
            counter.lastSyncMillis = now;
            counters.put(name, counter);
        });
    }

    /** Cluster mode: from now on synced states go to their owners too. */
    public void setReplication(CounterReplication replication) {
        this.replication = replication;
    }

    public void request(ClientSession session, CounterRequest request) {
        if (refuseName(session, request.name())) {
            return;
        }
        Counter counter = subscribe(session, request.name());
        counter.lock.lock();
        try {
            session.sendEvent(codec.encode(new CounterResponse(request.name(), counter.state)));
        } finally {
            counter.lock.unlock();
        }
    }

    public void sync(ClientSession session, CounterSync sync) {
        if (refuseName(session, sync.name())) {
            return;
        }
        if (!store.acceptsWrites()) {
            session.send(WriteService.unavailable(store.unavailableReason(), "nothing was applied"));
            return;
        }
        Counter counter = subscribe(session, sync.name());
        PnCounter merged;
        counter.lock.lock();
        try {
            merged = counter.state.merge(sync.state());
            counter.state = merged;
            store.putCounter(sync.name(), merged);
            counter.lastSyncMillis = clock.getAsLong();
            publish(sync.name(), counter);
        } finally {
            counter.lock.unlock();
        }
        try {
            store.persist(List.of(StoreKey.counter(sync.name())));
        } catch (StoreUnavailableException e) {
            session.send(WriteService.unavailable(e.getMessage(), "not stored"));
            return;
        }
        CounterReplication cluster = replication;
        if (cluster != null) {
            try {
                PnCounter newer = cluster.replicate(sync.name(), merged);
                if (newer != null) {
                    mergeReplicated(sync.name(), newer);
                }
            } catch (StoreUnavailableException e) {
                session.send(WriteService.unavailable(e.getMessage(), "merged on this member only"));
            }
        }
    }

    /**
     * Merges a counter's state as another member (its owner) holds it; the subscribers here get
     * a COUNTER_UPDATE when it adds anything. Creates the counter as a sync does.
     */
    public void mergeReplicated(String name, PnCounter state) {
        boolean[] changed = {false};
        // Inside compute: forgetIdle cannot drop the counter between the lookup and the merge.
        counters.compute(name, (n, present) -> {
            Counter counter = present == null ? new Counter() : present;
            counter.lock.lock();
            try {
                PnCounter merged = counter.state.merge(state);
                if (!merged.equals(counter.state)) {
                    counter.state = merged;
                    store.putCounter(name, merged);
                    counter.lastSyncMillis = clock.getAsLong();
                    publish(name, counter);
                    changed[0] = true;
                }
            } finally {
                counter.lock.unlock();
            }
            return present == null && !changed[0] ? null : counter;
        });
        if (!changed[0]) {
            return;
        }
        try {
            store.persist(List.of(StoreKey.counter(name)));
        } catch (StoreUnavailableException e) {
            java.util.logging.Logger.getLogger(CounterService.class.getName())
                    .fine(() -> "counter '" + name + "' from the cluster is not logged yet: " + e.getMessage());
        }
    }

    /** Sends the counter's state to its subscribers; the caller holds the counter's lock. */
    private void publish(String name, Counter counter) {
        byte[] frame = codec.encode(new CounterUpdate(name, counter.state));
        for (ClientSession subscriber : counter.subscribers.values()) {
            subscriber.sendEvent(frame);
        }
    }

    /** The counter's current state; for tests. */
    PnCounter state(String name) {
        Counter counter = counters.get(name);
        if (counter == null) {
            return PnCounter.EMPTY;
        }
        counter.lock.lock();
        try {
            return counter.state;
        } finally {
            counter.lock.unlock();
        }
    }

    /** How many names the service holds anything for; lets tests see that reads create nothing lasting. */
    int size() {
        return counters.size();
    }

    /** Ends every counter subscription of the closed connection; synced counters keep their state. */
    public void disconnected(ClientSession session) {
        Set<String> names = countersBySession.remove(session.id());
        if (names == null) {
            return;
        }
        for (String name : names) {
            counters.computeIfPresent(name, (n, counter) -> {
                counter.subscribers.remove(session.id());
                return isUnused(counter) && counter.lastSyncMillis == NEVER_WRITTEN ? null : counter;
            });
        }
    }

    /** Forgets counters that nobody follows and nobody synced within the retention; returns how many. */
    public int forgetIdle() {
        if (!store.acceptsWrites()) {
            return 0;
        }
        long now = clock.getAsLong();
        int forgotten = 0;
        for (String name : counters.keySet()) {
            boolean[] removed = {false};
            counters.computeIfPresent(name, (n, counter) -> {
                boolean idle = isUnused(counter) && now - counter.lastSyncMillis > retention.toMillis();
                removed[0] = idle;
                if (idle) {
                    store.removeCounter(name);
                }
                return idle ? null : counter;
            });
            if (removed[0]) {
                forgotten++;
                forgetStored(name);
            }
        }
        return forgotten;
    }

    /**
     * A removal whose log write fails stays in the store's backlog and is written on recovery; one
     * refused outright leaves the entry on disk, so the counter returns after a restart and is
     * forgotten again a retention later.
     */
    private void forgetStored(String name) {
        try {
            store.persist(List.of(StoreKey.counter(name)));
        } catch (StoreUnavailableException e) {
            java.util.logging.Logger.getLogger(CounterService.class.getName())
                    .fine(() -> "forgetting counter '" + name + "' is not logged yet: " + e.getMessage());
        }
    }

    /** How many connections follow the counter; lets tests see that a disconnect unsubscribed. */
    int subscriberCount(String name) {
        Counter counter = counters.get(name);
        return counter == null ? 0 : counter.subscribers.size();
    }

    private static boolean isUnused(Counter counter) {
        return counter.subscribers.isEmpty();
    }

    /** Subscribes atomically with respect to forgetting, so a subscriber never joins a dropped counter. */
    private Counter subscribe(ClientSession session, String name) {
        Counter counter = counters.compute(name, (n, present) -> {
            Counter c = present == null ? new Counter() : present;
            c.subscribers.put(session.id(), session);
            return c;
        });
        countersBySession.computeIfAbsent(session.id(), id -> ConcurrentHashMap.newKeySet()).add(name);
        return counter;
    }

    private static boolean refuseName(ClientSession session, String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_CHARS) {
            int length = name == null ? 0 : name.length();
            session.send(new ErrorMessage(400, "counter name must be 1 to " + MAX_NAME_CHARS
                    + " characters, got " + length, null));
            return true;
        }
        return false;
    }
}
