package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.load.GatlingUnitLog;
import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.RunMetrics;
import dev.syncbench.simulations.target.StoreCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** Turns a run's client-side metrics into a {@link RunResult}: headline figures, gates, warnings. */
public final class Judge {
    private Judge() {
    }

    /** Gatling's p50 floor: the µs floor rounded up to whole ms, as each unit's time is. */
    public static int gatlingP50FloorMs(Baseline baseline) {
        return (int) GatlingUnitLog.millisRoundedUp(baseline.floors().maxP50Us());
    }

    public static RunResult judge(LoadMode mode, LoadSettings settings, CountingSettings counting, Baseline baseline,
                                  RunMetrics metrics, StoreCheck store) {
        return judge(mode, settings, counting, baseline, LoadMeasurement.of(metrics), store);
    }

    /** As a run is judged, from its frozen figures (one injector's, or several injectors' added). */
    public static RunResult judge(LoadMode mode, LoadSettings settings, CountingSettings counting, Baseline baseline,
                                  LoadMeasurement measured, StoreCheck store) {
        RunResult.Counts counts = measured.measured();
        RunResult.Counts warmup = measured.warmup();
        String label;
        long counted;
        Histogram headline;
        List<RunResult.NamedHistogram> histograms = new ArrayList<>();
        if (mode == LoadMode.FIRE_AND_WAIT) {
            label = mode.label() + (counting.fixedSchedule() ? " (fixed schedule)" : "");
            counted = counts.confirmedOps();
            headline = measured.windows();
            histograms.add(new RunResult.NamedHistogram("write_latency", headline));
        } else if (settings.window() > 0) {
            label = mode.label();
            counted = counts.confirmedOps();
            headline = measured.windows();
            histograms.add(new RunResult.NamedHistogram("window_latency", headline));
            histograms.add(new RunResult.NamedHistogram("batch_latency", measured.batches()));
        } else {
            label = mode.label() + " (unconfirmed: window 0, counts sends)";
            counted = counts.sentOps();
            headline = null;
            histograms.add(new RunResult.NamedHistogram("batch_latency", measured.batches()));
        }
        double seconds = measured.loadSeconds();
        double opsPerSec = seconds > 0 ? counted / seconds : 0;
        Baseline.Floors floors = baseline.floors();

        List<GateResult> gates = new ArrayList<>();
        // a lighter run than the floors were set for (a smoke run) that misses one is not failed on it
        Optional<String> floorNotApplicable = baseline.floorLoad().flatMap(load -> load.whyNotApplicable(mode, settings));
        gates.add(opsPerSec < floors.minOpsPerSec() && floorNotApplicable.isPresent()
                ? GateResult.notApplicable("ops_per_sec", String.format(Locale.ROOT, "%.0f ops/s, floor %.0f not "
                        + "applied: %s", opsPerSec, floors.minOpsPerSec(), floorNotApplicable.get()))
                : GateResult.check("ops_per_sec", opsPerSec >= floors.minOpsPerSec(),
                        String.format(Locale.ROOT, "%.0f ops/s < %.0f", opsPerSec, floors.minOpsPerSec())));
        if (headline != null) {
            gates.add(Gates.p50("p50_us", headline, floors.maxP50Us(), "no acknowledgement was received"));
        }
        gates.add(Gates.timeouts(counts.timedOutBatches(), counts.endedBatches(), counting.maxTimeoutPct()));
        if (floors.minAckedPct() > 0) {
            gates.add(Gates.ackedRatio(counts.windows(), counts.confirmedWindows(), floors.minAckedPct()));
        }
        if (counting.ordered()) {
            gates.add(GateResult.check("replies_in_order", measured.outOfOrderAnswers() == 0,
                    measured.outOfOrderAnswers() + " acks overtook the answer to an earlier batch: the target does "
                            + "not answer in order, so ERRORs cannot be tied to batches; rerun with -Dordered=false"));
        }
        List<String> warnings = new ArrayList<>();
        long confirmedAll = counts.confirmedOps() + warmup.confirmedOps();
        long unansweredAll = counts.timedOutOps() + warmup.timedOutOps();
        Gates.nothingStoredLost(store, confirmedAll, unansweredAll, gates, warnings);
        if (headline != null) {
            gates.addAll(Gates.gatlingMirror(measured.unitMillis(), gatlingP50FloorMs(baseline),
                    counts.windows(), counts.confirmedWindows(), floors.minAckedPct()));
        }
        baseline.reference().ifPresent(reference ->
                compareWithReference(reference, baseline.regressionTolerancePct(), settings, opsPerSec, headline,
                        warnings));
        return new RunResult(label, counted, seconds, opsPerSec, headline, histograms, counts.sentOps(),
                store.storedKeys(), counts.windows(), counts.confirmedWindows(), measured.unsentBatches(),
                measured.authenticatedConnections(), measured.otherFrames(), gates, warnings, counts, warmup,
                measured.unattributedErrors(), measured.outOfOrderAnswers(), measured.lateAnswers());
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
