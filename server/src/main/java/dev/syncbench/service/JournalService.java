package dev.syncbench.service;

import dev.syncbench.journal.Journal;
import dev.syncbench.journal.JournalEntry;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.JournalEventData;
import dev.syncbench.protocol.JournalRead;
import dev.syncbench.protocol.JournalReadResponse;
import dev.syncbench.protocol.JournalSubscribe;
import dev.syncbench.protocol.JournalUnsubscribe;
import dev.syncbench.protocol.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JOURNAL_SUBSCRIBE, JOURNAL_UNSUBSCRIBE and JOURNAL_READ over the {@link Journal} the writes
 * append to (reference §9.4). Unlike TopGun, a subscription honours {@code fromSequence}: it gets
 * the retained entries from there, then the live ones, without a gap or a repeat. With no
 * subscriber an append costs one volatile read here.
 */
public final class JournalService {
    /** Per connection: each subscription costs an encode per matching write. */
    static final int MAX_SUBSCRIPTIONS_PER_CONNECTION = 64;

    private final Journal journal;
    private final MessageCodec codec;
    /** Subscriptions by connection id, then by subscription id. */
    private final ConcurrentHashMap<Long, Map<String, JournalSubscription>> bySession = new ConcurrentHashMap<>();
    /** Every live subscription, replaced whole on change so an append reads it without a lock. */
    private volatile JournalSubscription[] all = new JournalSubscription[0];

    public JournalService(Journal journal, MessageCodec codec) {
        this.journal = journal;
        this.codec = codec;
        journal.setOnAppended(sequence -> appended());
    }

    private void appended() {
        JournalSubscription[] subscriptions = all;
        for (JournalSubscription subscription : subscriptions) {
            subscription.drain();
        }
    }

    public void subscribe(ClientSession session, JournalSubscribe request) {
        Map<String, JournalSubscription> mine = bySession.computeIfAbsent(session.id(), id -> new ConcurrentHashMap<>());
        if (!mine.containsKey(request.requestId()) && mine.size() >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
            session.send(new ErrorMessage(429, "too many journal subscriptions on this connection (at most "
                    + MAX_SUBSCRIPTIONS_PER_CONNECTION + ")", null));
            return;
        }
        long next = request.fromSequence() == null
                ? journal.lastSequence() + 1
                : Math.max(parseSequence(request.fromSequence()), journal.oldestSequence());
        Set<String> types = request.types() == null ? null : Set.copyOf(request.types());
        JournalSubscription subscription = new JournalSubscription(session, request.requestId(), request.mapName(),
                types, next, journal, codec);
        JournalSubscription replaced = mine.put(request.requestId(), subscription);
        if (replaced != null) {
            replaced.cancel();
        }
        rebuild();
        // Replays what is retained from fromSequence; later appends drain it as they come.
        subscription.drain();
    }

    public void unsubscribe(ClientSession session, JournalUnsubscribe request) {
        Map<String, JournalSubscription> mine = bySession.get(session.id());
        JournalSubscription removed = mine == null ? null : mine.remove(request.subscriptionId());
        if (removed != null) {
            removed.cancel();
            rebuild();
        }
    }

    /** Events with sequence ≥ fromSequence (an unparsable one counts as 0), oldest first. */
    public void read(ClientSession session, JournalRead request) {
        int limit = request.limit() == null ? JournalRead.DEFAULT_LIMIT : request.limit();
        long last = journal.lastSequence();
        long sequence = Math.max(parseSequence(request.fromSequence()), journal.oldestSequence());
        List<JournalEventData> events = new ArrayList<>(Math.min(limit, 64));
        boolean hasMore = false;
        for (; sequence <= last; sequence++) {
            JournalEntry entry = journal.get(sequence);
            if (entry == null || (request.mapName() != null && !request.mapName().equals(entry.mapName()))) {
                continue;
            }
            if (events.size() == limit) {
                hasMore = true;
                break;
            }
            events.add(wire(entry));
        }
        session.send(new JournalReadResponse(request.requestId(), events, hasMore));
    }

    /** Releases a closed connection's subscriptions. */
    public void disconnected(ClientSession session) {
        Map<String, JournalSubscription> mine = bySession.remove(session.id());
        if (mine != null) {
            mine.values().forEach(JournalSubscription::cancel);
            rebuild();
        }
    }

    private synchronized void rebuild() {
        all = bySession.values().stream().flatMap(m -> m.values().stream()).toArray(JournalSubscription[]::new);
    }

    /** A decimal sequence; anything else (TopGun: "does not parse") counts as 0. */
    static long parseSequence(String text) {
        try {
            return Math.max(0, Long.parseLong(text));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static JournalEventData wire(JournalEntry entry) {
        return new JournalEventData(Long.toString(entry.sequence()), entry.type(), entry.mapName(), entry.key(),
                entry.value(), entry.timestamp(), entry.timestamp().nodeId());
    }
}
