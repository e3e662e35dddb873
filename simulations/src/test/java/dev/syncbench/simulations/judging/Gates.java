package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.target.StoreCheck;
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

    /** At most {@code maxPct} percent of the batches that ended timed out. */
    static GateResult timeouts(long timedOut, long ended, double maxPct) {
        double pct = ended == 0 ? 0 : 100.0 * timedOut / ended;
        return GateResult.check("timeouts", pct <= maxPct, String.format(Locale.ROOT,
                "%d of %d batches timed out (%.2f%% > %.2f%%)", timedOut, ended, pct, maxPct));
    }

    /**
     * Nothing lost: the store holds every op the clients were told was applied (a sample of them
     * with the value each carried), and nothing beyond those and the unanswered ones, which may or
     * may not have been applied. A gate when the target's store can be read; else a note.
     */
    static void nothingStoredLost(StoreCheck store, long confirmedOps, long unansweredOps, List<GateResult> gates,
                                  List<String> warnings) {
        if (!store.known()) {
            warnings.add("nothing lost: not checked (" + store.source() + "); the clients "
                    + "were told " + confirmedOps + " ops were applied");
            return;
        }
        boolean countFits = store.storedKeys() >= confirmedOps && store.storedKeys() <= confirmedOps + unansweredOps;
        String range = unansweredOps == 0 ? "exactly " + confirmedOps
                : confirmedOps + ".." + (confirmedOps + unansweredOps) + " (" + unansweredOps + " ops unanswered)";
        gates.add(GateResult.withFigures("nothing_lost", countFits && store.wrongCount() == 0,
                "the store holds " + store.storedKeys() + " records (" + store.source() + "), expected " + range + "; "
                        + (store.wrongCount() == 0 ? store.sampled() + " sampled confirmed ops hold their values"
                        : store.wrongCount() + " of " + store.sampled() + " sampled confirmed ops are wrong: "
                        + String.join(", ", store.wrong()))));
    }

    /**
     * What Gatling's assertions decide, computed on the very samples Gatling was given (each unit in
     * whole ms rounded up), with both figures, so the verdict lists Gatling's checks beside ours.
     */
    static List<GateResult> gatlingMirror(Histogram unitMillis, int p50FloorMs, long units, long confirmed,
                                          double minAckedPct) {
        long p50 = unitMillis.getTotalCount() == 0 ? -1 : unitMillis.getValueAtPercentile(50);
        List<GateResult> gates = new java.util.ArrayList<>();
        gates.add(GateResult.withFigures("gatling_p50_ms", p50 >= 0 && p50 <= p50FloorMs,
                p50 < 0 ? "no unit ended" : "p50 " + p50 + " ms, floor " + p50FloorMs + " ms (the µs floor rounded up)"));
        if (minAckedPct > 0) {
            double pct = units == 0 ? 0 : 100.0 * confirmed / units;
            gates.add(GateResult.withFigures("gatling_ok_pct", pct > minAckedPct,
                    String.format(Locale.ROOT, "%.2f%% OK, floor > %.2f%%", pct, minAckedPct)));
        }
        return gates;
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
