package dev.syncbench.simulations;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The gates and warnings every simulation family judges the same way. */
final class Gates {
    private Gates() {
    }

    /** The histogram's p50 is at most {@code maxUs}; an empty histogram fails with {@code whenEmpty}. */
    static GateResult p50(String name, Histogram histogram, long maxUs, String whenEmpty) {
        long p50 = histogram.getTotalCount() == 0 ? -1 : histogram.getValueAtPercentile(50);
        return GateResult.check(name, p50 >= 0 && p50 <= maxUs,
                p50 < 0 ? whenEmpty : "p50 " + p50 + "µs > " + maxUs + "µs");
    }

    /** More than {@code minPct} percent of the awaited batches were acknowledged. */
    static GateResult ackedRatio(long awaited, long acked, double minPct) {
        double ackedPct = awaited == 0 ? 0 : 100.0 * acked / awaited;
        return GateResult.check("acked_ratio", ackedPct > minPct,
                String.format(Locale.ROOT, "acked ratio %.2f <= %.2f", ackedPct / 100, minPct / 100));
    }

    /**
     * The server applied what {@code senders} sent: a gate when the target can be trusted to
     * assert it, else a warning on a mismatch; nothing when the applied count is unknown (-1).
     */
    static void nothingLost(long appliedOps, long sentOps, boolean isGate, String senders, List<GateResult> gates,
                            List<String> warnings) {
        if (appliedOps >= 0 && isGate) {
            gates.add(GateResult.check("nothing_lost", appliedOps == sentOps,
                    "server applied " + appliedOps + " ops, " + senders + " sent " + sentOps));
        } else if (appliedOps >= 0 && appliedOps != sentOps) {
            warnings.add("the server reports " + appliedOps + " ops applied, the " + senders + " sent " + sentOps);
        }
    }
}
