package dev.syncbench.service;

import dev.syncbench.crdt.PnCounter;
import dev.syncbench.protocol.CounterRequest;
import dev.syncbench.protocol.CounterResponse;
import dev.syncbench.protocol.CounterSync;
import dev.syncbench.protocol.CounterUpdate;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Named PN-counters shared by their subscribers (PROTOCOL §8, reference §9.3), in memory only.
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
 */
public final class CounterService {
    public static final int MAX_NAME_CHARS = 256;
    private static final long NEVER_WRITTEN = Long.MIN_VALUE;

    private final MessageCodec codec;
    private final Duration retention;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    /** Counters each connection subscribed to, for disconnect cleanup. */
    private final ConcurrentHashMap<Long, Set<String>> countersBySession = new ConcurrentHashMap<>();

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

    public CounterService(MessageCodec codec, Duration retention, LongSupplier clock) {
        this.codec = codec;
        this.retention = retention;
        this.clock = clock;
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
        Counter counter = subscribe(session, sync.name());
        counter.lock.lock();
        try {
            counter.state = counter.state.merge(sync.state());
            counter.lastSyncMillis = clock.getAsLong();
            byte[] frame = codec.encode(new CounterUpdate(sync.name(), counter.state));
            for (ClientSession subscriber : counter.subscribers.values()) {
                subscriber.sendEvent(frame);
            }
        } finally {
            counter.lock.unlock();
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
        long now = clock.getAsLong();
        int forgotten = 0;
        for (String name : counters.keySet()) {
            boolean[] removed = {false};
            counters.computeIfPresent(name, (n, counter) -> {
                boolean idle = isUnused(counter) && now - counter.lastSyncMillis > retention.toMillis();
                removed[0] = idle;
                return idle ? null : counter;
            });
            if (removed[0]) {
                forgotten++;
            }
        }
        return forgotten;
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
