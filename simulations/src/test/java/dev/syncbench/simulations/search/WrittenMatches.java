package dev.syncbench.simulations.search;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writes that carry each topic word, the live subscribers' expectations: every key sent with
 * its send time ({@link System#nanoTime()}), so a SEARCH_UPDATE naming it (which carries no value)
 * can be timed, and the keys whose batch was acknowledged, which every subscriber of the topic
 * must receive. Keys are unique per run. Fed by the writers, read by subscribers and the judge.
 */
public final class WrittenMatches {
    private final Map<String, Long>[] sent;
    private final Set<String>[] acked;

    @SuppressWarnings("unchecked")
    public WrittenMatches(int topics) {
        sent = new Map[topics];
        acked = new Set[topics];
        for (int i = 0; i < topics; i++) {
            sent[i] = new ConcurrentHashMap<>();
            acked[i] = ConcurrentHashMap.newKeySet();
        }
    }

    public int topics() {
        return sent.length;
    }

    /** A write carrying {@code topic}'s word is about to leave at {@code sendNanos}. */
    public void sent(int topic, String key, long sendNanos) {
        sent[topic].put(key, sendNanos);
    }

    /** The batch of a write carrying {@code topic}'s word was acknowledged. */
    public void acked(int topic, String key) {
        acked[topic].add(key);
    }

    /** When the write of {@code key} with {@code topic}'s word was sent, or -1 when no such write was sent. */
    public long sendNanos(int topic, String key) {
        Long nanos = sent[topic].get(key);
        return nanos == null ? -1 : nanos;
    }

    /** Keys sent with {@code topic}'s word. */
    public Set<String> sentKeys(int topic) {
        return sent[topic].keySet();
    }

    /** Keys acknowledged with {@code topic}'s word: a subscriber of the topic must receive each. */
    public Set<String> ackedKeys(int topic) {
        return acked[topic];
    }

    public long ackedCount(int topic) {
        return acked[topic].size();
    }
}
