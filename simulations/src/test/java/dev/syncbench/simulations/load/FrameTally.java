package dev.syncbench.simulations.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Frames nobody expected (an ERROR, say), counted by description from many threads. */
public final class FrameTally {
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void add(String description) {
        counts.computeIfAbsent(description, d -> new LongAdder()).increment();
    }

    public void add(String description, long count) {
        counts.computeIfAbsent(description, d -> new LongAdder()).add(count);
    }

    /** The counts so far, sorted by description. */
    public Map<String, Long> counts() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((description, count) -> sorted.put(description, count.sum()));
        return sorted;
    }
}
