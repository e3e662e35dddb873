package dev.syncbench.simulations.abuse;

import dev.syncbench.simulations.load.FrameTally;
import java.util.Map;

/** What each abusive client saw (connections, closes by code, errors), counted from many threads. */
public final class AbuseTally {
    private final FrameTally neverReader = new FrameTally();
    private final FrameTally regex = new FrameTally();
    private final FrameTally flood = new FrameTally();

    FrameTally neverReader() {
        return neverReader;
    }

    FrameTally regex() {
        return regex;
    }

    FrameTally flood() {
        return flood;
    }

    /** Every count by abuser, for the console and the JSON summary. */
    public Map<String, Map<String, Long>> counts() {
        return Map.of("never_reader", neverReader.counts(), "regex_subscriber", regex.counts(),
                "unauthenticated_flood", flood.counts());
    }

    public static long count(Map<String, Long> counts, String what) {
        return counts.getOrDefault(what, 0L);
    }

    /** The counts of every line that starts with {@code prefix} (ERRORs are tallied with their message). */
    public static long countStartingWith(Map<String, Long> counts, String prefix) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
    }
}
