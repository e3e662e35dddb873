package dev.syncbench.simulations.fanout;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Which writes one subscriber received, by identity: each SERVER_EVENT's key {@code w<writer>-<seq>}
 * (one key per op, see {@link FanOutWriter}) is a bit per writer, so a duplicate shows as a bit
 * already set and a missing event as a bit never set, whatever the total. Written by one thread
 * (the subscriber's listener), read after the run.
 */
public final class EventIdentities {
    private final Map<Long, BitSet> seen = new HashMap<>();
    private long distinct;
    private long duplicates;
    private long foreign;

    /** Notes one event's key. */
    public void add(String key) {
        add(key == null ? null : key.getBytes(StandardCharsets.UTF_8));
    }

    /** Notes one event's key, given as its UTF-8 bytes. */
    synchronized void add(byte[] key) {
        long writer = -1;
        long seq = -1;
        if (key != null && key.length > 0 && key[0] == 'w') {
            int dash = digitsEnd(key, 1);
            if (dash > 1 && dash < key.length - 1 && key[dash] == '-' && digitsEnd(key, dash + 1) == key.length
                    && key.length - dash <= 10) {
                writer = number(key, 1, dash);
                seq = number(key, dash + 1, key.length);
            }
        }
        if (writer < 0 || seq > Integer.MAX_VALUE) {
            foreign++;
            return;
        }
        BitSet bits = seen.computeIfAbsent(writer, w -> new BitSet());
        if (bits.get((int) seq)) {
            duplicates++;
        } else {
            bits.set((int) seq);
            distinct++;
        }
    }

    /** Where the run of ASCII digits starting at {@code from} ends. */
    private static int digitsEnd(byte[] key, int from) {
        int i = from;
        while (i < key.length && key[i] >= '0' && key[i] <= '9' && i - from < 18) {
            i++;
        }
        return i;
    }

    private static long number(byte[] key, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (key[i] - '0');
        }
        return n;
    }

    public synchronized long distinct() {
        return distinct;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    /** Events whose key this run's writers did not write. */
    public synchronized long foreign() {
        return foreign;
    }
}
