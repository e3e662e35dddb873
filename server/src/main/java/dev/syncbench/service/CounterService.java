package dev.syncbench.service;

import dev.syncbench.crdt.PnCounter;
import dev.syncbench.protocol.CounterRequest;
import dev.syncbench.protocol.CounterResponse;
import dev.syncbench.protocol.CounterSync;
import dev.syncbench.protocol.CounterUpdate;
import dev.syncbench.protocol.MessageCodec;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Named PN-counters shared by their subscribers (PROTOCOL §8, reference §9.3), in memory only.
 * A request or a sync subscribes the caller; a sync merges and sends the merged state to every
 * subscriber, the sender included.
 *
 * <p>All of a counter's frames are queued while holding the counter's lock, so each subscriber
 * sees that counter's states in merge order and never sees one go backwards. That is why the
 * response to COUNTER_REQUEST and the sender's own COUNTER_UPDATE also go out as events: a reply
 * queued after the lock is released could overtake, or be overtaken by, a newer update.
 */
public final class CounterService {
    private final MessageCodec codec;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    /** Counters each connection subscribed to, for disconnect cleanup. */
    private final ConcurrentHashMap<Long, Set<String>> countersBySession = new ConcurrentHashMap<>();

    /** A counter's state and subscribers; {@code lock} guards the state and orders its frames. */
    private static final class Counter {
        final ReentrantLock lock = new ReentrantLock();
        final Map<Long, ClientSession> subscribers = new ConcurrentHashMap<>();
        PnCounter state = PnCounter.EMPTY;
    }

    public CounterService(MessageCodec codec) {
        this.codec = codec;
    }

    public void request(ClientSession session, CounterRequest request) {
        Counter counter = subscribe(session, request.name());
        counter.lock.lock();
        try {
            session.sendEvent(codec.encode(new CounterResponse(request.name(), counter.state)));
        } finally {
            counter.lock.unlock();
        }
    }

    public void sync(ClientSession session, CounterSync sync) {
        Counter counter = subscribe(session, sync.name());
        counter.lock.lock();
        try {
            counter.state = counter.state.merge(sync.state());
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

    /** Ends every counter subscription of the closed connection; the counters keep their state. */
    public void disconnected(ClientSession session) {
        Set<String> names = countersBySession.remove(session.id());
        if (names == null) {
            return;
        }
        for (String name : names) {
            Counter counter = counters.get(name);
            if (counter != null) {
                counter.subscribers.remove(session.id());
            }
        }
    }

    /** How many connections follow the counter; lets tests see that a disconnect unsubscribed. */
    int subscriberCount(String name) {
        Counter counter = counters.get(name);
        return counter == null ? 0 : counter.subscribers.size();
    }

    private Counter subscribe(ClientSession session, String name) {
        Counter counter = counters.computeIfAbsent(name, n -> new Counter());
        counter.subscribers.put(session.id(), session);
        countersBySession.computeIfAbsent(session.id(), id -> ConcurrentHashMap.newKeySet()).add(name);
        return counter;
    }
}
