package dev.syncbench.crdt;

import java.util.function.LongSupplier;

/**
 * This node's hybrid logical clock (TopGun's HLC rules). Every timestamp it returns is strictly
 * greater than every timestamp it returned or received before, so writes stamped here order
 * after everything this node has seen, even when wall clocks disagree.
 */
public final class Hlc {
    public static final long DEFAULT_MAX_DRIFT_MS = 60_000;

    private final String nodeId;
    private final LongSupplier wallClockMillis;
    private final long maxDriftMs;

    private long lastMillis;
    private long counter;

    public Hlc(String nodeId, LongSupplier wallClockMillis, long maxDriftMs) {
        if (nodeId == null || nodeId.isEmpty() || nodeId.indexOf(':') >= 0) {
            // ':' separates the parts of a timestamp's string form (OR-Map tags).
            throw new IllegalArgumentException("node id must be non-empty and contain no ':': " + nodeId);
        }
        if (maxDriftMs < 0) {
            throw new IllegalArgumentException("maxDriftMs must not be negative: " + maxDriftMs);
        }
        this.nodeId = nodeId;
        this.wallClockMillis = wallClockMillis;
        this.maxDriftMs = maxDriftMs;
    }

    /** A clock on the system wall clock with the protocol's 60 s drift limit. */
    public Hlc(String nodeId) {
        this(nodeId, System::currentTimeMillis, DEFAULT_MAX_DRIFT_MS);
    }

    public String nodeId() {
        return nodeId;
    }

    /** A fresh timestamp for a local event. */
    public synchronized Timestamp now() {
        long wall = wallClockMillis.getAsLong();
        if (wall > lastMillis) {
            lastMillis = wall;
            counter = 0;
        } else {
            advanceTo(lastMillis, counter + 1);
        }
        return new Timestamp(lastMillis, counter, nodeId);
    }

    /**
     * Merges a received timestamp into the clock and returns a fresh local timestamp greater
     * than both the remote one and every earlier local one.
     *
     * @throws ClockDriftException if {@code remote} is more than the drift limit ahead of the
     *     wall clock; the clock is then left unchanged
     */
    public synchronized Timestamp update(Timestamp remote) throws ClockDriftException {
        long wall = wallClockMillis.getAsLong();
        long ahead = remote.millis() - wall;
        if (ahead > maxDriftMs) {
            throw new ClockDriftException(remote, ahead, maxDriftMs);
        }
        long m = Math.max(Math.max(lastMillis, wall), remote.millis());
        boolean local = m == lastMillis;
        boolean fromRemote = m == remote.millis();
        long next;
        if (local && fromRemote) {
            next = Math.max(counter, remote.counter()) + 1;
        } else if (local) {
            next = counter + 1;
        } else if (fromRemote) {
            next = remote.counter() + 1;
        } else {
            next = 0;
        }
        advanceTo(m, next);
        return new Timestamp(lastMillis, counter, nodeId);
    }

    /** Sets the clock, rolling into the next millisecond when the u32 counter would overflow. */
    private void advanceTo(long millis, long nextCounter) {
        if (nextCounter > Timestamp.MAX_COUNTER) {
            lastMillis = millis + 1;
            counter = 0;
        } else {
            lastMillis = millis;
            counter = nextCounter;
        }
    }
}
