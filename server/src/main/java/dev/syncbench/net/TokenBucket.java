package dev.syncbench.net;

/** Per-connection op-rate limit: refills {@code ratePerSecond}, holds at most {@code burst}. */
final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastRefill;

    TokenBucket(int ratePerSecond, int burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefill = nowNanos;
    }

    /** Takes {@code cost} tokens (clamped to the burst) if there are enough; one caller at a time. */
    boolean tryTake(int cost, long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastRefill) * ratePerNano);
        lastRefill = nowNanos;
        double needed = Math.min(Math.max(cost, 1), burst);
        if (tokens < needed) {
            return false;
        }
        tokens -= needed;
        return true;
    }

    /** Returns what a successful {@code tryTake(cost, …)} took, for work that will be charged piece by piece. */
    void giveBack(int cost) {
        tokens = Math.min(burst, tokens + Math.min(Math.max(cost, 1), burst));
    }
}
