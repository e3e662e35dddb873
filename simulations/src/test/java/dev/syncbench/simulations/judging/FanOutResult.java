package dev.syncbench.simulations.judging;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one fan-out run measured, judged against the baseline.
 *
 * @param measuredOps write ops sent after the warm-up and acknowledged: {@code writesOpsPerSec} counts these
 * @param measuredEvents events of writes sent after the warm-up: {@code eventsPerSec} counts these
 * @param ackedOps write ops whose batch was acknowledged, warm-up included
 * @param sentOps write ops in batches actually written to a socket
 * @param appliedOps ops the server reported applied, or -1 when it cannot tell
 * @param expectedEvents SERVER_EVENTs each subscriber should have received (applied ops, else sent ops)
 * @param eventsPerSubscriber what each subscriber received, in subscriber order
 * @param lostSubscribers why subscribers that the server closed early ended, by subscriber index
 */
public record FanOutResult(
        double writeSeconds,
        double writesOpsPerSec,
        long measuredOps,
        double eventSeconds,
        double eventsPerSec,
        long measuredEvents,
        Histogram ackHistogram,
        Histogram deliveryHistogram,
        long sentOps,
        long ackedOps,
        long appliedOps,
        long unsentBatches,
        long authenticatedWriters,
        long expectedEvents,
        List<Long> eventsPerSubscriber,
        long queryUpdates,
        Map<Integer, String> lostSubscribers,
        Map<String, Long> otherFrames,
        List<GateResult> gates,
        List<String> warnings) {

    public long totalEvents() {
        return eventsPerSubscriber.stream().mapToLong(Long::longValue).sum();
    }

    public boolean passed() {
        return gates.stream().allMatch(GateResult::passed);
    }
}
