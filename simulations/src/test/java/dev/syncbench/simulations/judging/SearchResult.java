package dev.syncbench.simulations.judging;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one search run measured, judged against the baseline.
 *
 * @param searchesAnswered searches answered with a SEARCH_RESP
 * @param searchesEmpty of those, answered with no hit (each asked for words of acknowledged writes)
 * @param searchErrors ERRORs answering searches, by description
 * @param appliedOps ops the server reported applied, or -1 when it cannot tell
 * @param expectedDeliveries matching writes acknowledged, summed over the subscribers that should receive them
 * @param missedDeliveries of those, never received
 * @param receivedPerSubscriber keys of matching writes each subscriber received, in subscriber order
 * @param lostSubscribers why subscribers that the server closed early ended, by subscriber index
 * @param serverCpuUs the server's CPU over the write window in µs, -1 when not measured (it shares this JVM)
 */
public record SearchResult(
        double searchSeconds,
        double searchOpsPerSec,
        long searchesSent,
        long searchesAnswered,
        long searchesEmpty,
        long hits,
        Map<String, Long> searchErrors,
        double writeSeconds,
        double writesOpsPerSec,
        Histogram searchHistogram,
        Histogram deliveryHistogram,
        Histogram ackHistogram,
        long sentOps,
        long ackedOps,
        long appliedOps,
        long unsentBatches,
        long expectedDeliveries,
        long missedDeliveries,
        List<Integer> receivedPerSubscriber,
        Map<Integer, String> lostSubscribers,
        Map<String, Long> otherFrames,
        double serverCpuUs,
        List<GateResult> gates,
        List<String> warnings) {

    /** Server CPU µs per acknowledged write (indexing, live passes and searches included); -1 when not measured. */
    public double serverCpuUsPerWrite() {
        return serverCpuUs < 0 || ackedOps == 0 ? -1 : serverCpuUs / ackedOps;
    }

    /** The server's CPU over the write window as a percentage of one core; -1 when not measured. */
    public double serverCpuPctOfCore() {
        return serverCpuUs < 0 || writeSeconds <= 0 ? -1 : serverCpuUs / 1e4 / writeSeconds;
    }

    public boolean passed() {
        return gates.stream().allMatch(GateResult::passed);
    }
}
