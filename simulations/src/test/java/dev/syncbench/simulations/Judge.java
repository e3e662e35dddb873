package dev.syncbench.simulations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** Turns a run's client-side metrics into a {@link RunResult}: headline figures, gates, warnings. */
public final class Judge {
    private Judge() {
    }

    public static RunResult judge(LoadMode mode, LoadSettings settings, Baseline baseline, RunMetrics metrics,
                                  long appliedOps, boolean nothingLostIsGate) {
        int batchSize = settings.batchSize();
        long sentOps = metrics.sentBatches() * batchSize;
        String label;
        long counted;
        Histogram headline;
        List<RunResult.NamedHistogram> histograms = new ArrayList<>();
        if (mode == LoadMode.FIRE_AND_WAIT) {
            label = mode.label();
            counted = metrics.ackedBatches() * batchSize;
            headline = metrics.ackHistogram();
            histograms.add(new RunResult.NamedHistogram("write_latency", headline));
        } else if (settings.window() > 0) {
            label = mode.label();
            counted = metrics.ackedBatches() * settings.window() * batchSize;
            headline = metrics.windowHistogram();
            histograms.add(new RunResult.NamedHistogram("window_latency", headline));
            histograms.add(new RunResult.NamedHistogram("window_last_ack_latency", metrics.ackHistogram()));
        } else {
            label = mode.label() + " (unconfirmed: window 0, counts sends)";
            counted = sentOps;
            headline = null;
        }
        double seconds = metrics.loadSeconds();
        double opsPerSec = seconds > 0 ? counted / seconds : 0;
        Baseline.Floors floors = baseline.floors();

        List<GateResult> gates = new ArrayList<>();
        gates.add(GateResult.check("ops_per_sec", opsPerSec >= floors.minOpsPerSec(),
                String.format(Locale.ROOT, "%.0f ops/s < %.0f", opsPerSec, floors.minOpsPerSec())));
        if (headline != null) {
            gates.add(Gates.p50("p50_us", headline, floors.maxP50Us(), "no acknowledgement was received"));
        }
        if (floors.minAckedPct() > 0) {
            gates.add(Gates.ackedRatio(metrics.awaitedBatches(), metrics.ackedBatches(), floors.minAckedPct()));
        }
        List<String> warnings = new ArrayList<>();
        Gates.nothingLost(appliedOps, sentOps, nothingLostIsGate, "clients", gates, warnings);
        baseline.reference().ifPresent(reference ->
                compareWithReference(reference, baseline.regressionTolerancePct(), settings, opsPerSec, headline,
                        warnings));
        return new RunResult(label, counted, seconds, opsPerSec, headline, histograms, sentOps, appliedOps,
                metrics.awaitedBatches(), metrics.ackedBatches(), metrics.unsentBatches(),
                metrics.authenticatedConnections(), metrics.otherFrames(), gates, warnings);
    }

    private static void compareWithReference(Baseline.Reference reference, double tolerancePct, LoadSettings settings,
                                             double opsPerSec, Histogram headline, List<String> warnings) {
        Optional<String> difference = RunIdentity.of(settings, settings.asMap()).differenceFrom(reference.run());
        if (difference.isPresent()) {
            warnings.add(RunIdentity.noReference(reference.machine(), reference.date(), difference.get()));
            return;
        }
        double factor = tolerancePct / 100;
        if (opsPerSec < reference.opsPerSec() * (1 - factor)) {
            warnings.add(String.format(Locale.ROOT,
                    "WARNING: %.0f ops/s is more than %.0f%% below the reference %.0f ops/s (%s, %s)",
                    opsPerSec, tolerancePct, reference.opsPerSec(), reference.machine(), reference.date()));
        }
        if (headline != null && headline.getTotalCount() > 0 && reference.p50Us() > 0) {
            long p50 = headline.getValueAtPercentile(50);
            if (p50 > reference.p50Us() * (1 + factor)) {
                warnings.add(String.format(Locale.ROOT,
                        "WARNING: p50 %dµs is more than %.0f%% above the reference %dµs (%s, %s)",
                        p50, tolerancePct, reference.p50Us(), reference.machine(), reference.date()));
            }
        }
    }
}
