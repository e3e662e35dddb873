package dev.syncbench.simulations;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one run measured, judged against the baseline.
 *
 * @param label the mode as printed ("fire-and-wait", "fire-and-forget", or the unconfirmed variant)
 * @param countedOps the ops the headline rate counts (acked, confirmed, or for window 0 sent)
 * @param opsPerSec countedOps over the load seconds
 * @param headline the histogram the p50 gate reads (null when the mode records none)
 * @param sentOps ops in batches actually written to a socket
 * @param appliedOps ops the server reported applied during the run, or -1 when it cannot tell
 * @param otherFrames frames that were no ack (ERROR, ...) seen while awaiting one, by description
 */
public record RunResult(
        String label,
        long countedOps,
        double loadSeconds,
        double opsPerSec,
        Histogram headline,
        List<NamedHistogram> histograms,
        long sentOps,
        long appliedOps,
        long awaitedBatches,
        long ackedBatches,
        long unsentBatches,
        long authenticatedConnections,
        Map<String, Long> otherFrames,
        List<GateResult> gates,
        List<String> warnings) {

    public record NamedHistogram(String name, Histogram histogram) {
    }

    public boolean passed() {
        return gates.stream().allMatch(GateResult::passed);
    }
}
