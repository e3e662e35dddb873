package dev.syncbench.simulations.search;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What one live subscriber was told, key by key: the keys its result holds (the first SEARCH_RESP's,
 * then each ENTER in and each LEAVE out), and the keys it has received, by an ENTER or by an UPDATE
 * of a key already in its result (PROTOCOL.md §11). An ENTER of a key already in the result, an
 * UPDATE of one not in it, and any LEAVE (no write here removes or replaces a match) are counted
 * as wrong. Written by the subscriber's listener thread, read by the judge after the run.
 */
public final class MatchLedger {
    private final Set<String> inResult = new HashSet<>();
    private final Set<String> received = new HashSet<>();
    private long duplicateEnters;
    private long strayUpdates;
    private long leaves;

    /** The first result: keys already in it are received. */
    public synchronized void initial(Collection<String> keys) {
        inResult.addAll(keys);
        received.addAll(keys);
    }

    /** One SEARCH_UPDATE; true when it is the first news of {@code key}, so its delivery is timed. */
    public synchronized boolean update(String key, String changeType) {
        switch (changeType == null ? "" : changeType) {
            case "ENTER" -> {
                if (!inResult.add(key)) {
                    duplicateEnters++;
                    return false;
                }
                return received.add(key);
            }
            case "UPDATE" -> {
                if (!inResult.contains(key)) {
                    strayUpdates++;
                    return false;
                }
                return received.add(key);
            }
            case "LEAVE" -> {
                inResult.remove(key);
                leaves++;
                return false;
            }
            default -> {
                strayUpdates++;
                return false;
            }
        }
    }

    public synchronized int receivedCount() {
        return received.size();
    }

    /** What the ledger holds now; {@code topic} is the subscriber's. */
    public synchronized Tally tally(int topic, String lostBecause) {
        return new Tally(topic, Set.copyOf(received), duplicateEnters, strayUpdates, leaves, lostBecause);
    }

    /**
     * One subscriber's outcome.
     *
     * @param received keys it learnt of (first result, ENTER, or UPDATE of a key in its result)
     * @param duplicateEnters ENTERs of a key already in its result
     * @param strayUpdates UPDATEs of a key not in its result, or updates of an unknown change type
     * @param leaves LEAVEs (none is expected: every match stays a match, within the limit)
     * @param lostBecause why the connection ended before the run did, or null
     */
    public record Tally(int topic, Set<String> received, long duplicateEnters, long strayUpdates, long leaves,
                        String lostBecause) {
    }
}
