package dev.syncbench.simulations;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Which writes one subscriber received, by identity: each SERVER_EVENT's key {@code w<writer>-<seq>}
 * (one key per op, see {@link FanOutWriter}) is a bit per writer, so a duplicate shows as a bit
 * already set and a missing event as a bit never set, whatever the total. Written by one thread
 * (the subscriber's listener), read after the run.
 */
final class EventIdentities {
    private final Map<Long, BitSet> seen = new HashMap<>();
    private long distinct;
    private long duplicates;
    private long foreign;

    /** Notes one event's key. */
    synchronized void add(String key) {
        int dash = key == null ? -1 : key.indexOf('-');
        if (dash < 2 || key.charAt(0) != 'w') {
            foreign++;
            return;
        }
        long writer;
        int seq;
        try {
            writer = Long.parseLong(key, 1, dash, 10);
            seq = Integer.parseInt(key, dash + 1, key.length(), 10);
        } catch (NumberFormatException e) {
            foreign++;
            return;
        }
        BitSet bits = seen.computeIfAbsent(writer, w -> new BitSet());
        if (bits.get(seq)) {
            duplicates++;
        } else {
            bits.set(seq);
            distinct++;
        }
    }

    synchronized long distinct() {
        return distinct;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    /** Events whose key this run's writers did not write. */
    synchronized long foreign() {
        return foreign;
    }
}
