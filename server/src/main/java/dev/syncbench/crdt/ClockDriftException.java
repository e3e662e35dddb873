package dev.syncbench.crdt;

/**
 * A remote timestamp lies too far ahead of this node's wall clock. Rejecting it keeps one
 * client with a wrong clock from dragging every later timestamp into the future.
 */
public final class ClockDriftException extends Exception {
    private final long aheadMs;
    private final long maxDriftMs;

    public ClockDriftException(Timestamp remote, long aheadMs, long maxDriftMs) {
        super("timestamp " + remote + " is " + aheadMs + " ms ahead of the server clock (at most "
                + maxDriftMs + " ms allowed)");
        this.aheadMs = aheadMs;
        this.maxDriftMs = maxDriftMs;
    }

    /** How far the rejected timestamp lay ahead of the wall clock. */
    public long aheadMs() {
        return aheadMs;
    }

    public long maxDriftMs() {
        return maxDriftMs;
    }
}
