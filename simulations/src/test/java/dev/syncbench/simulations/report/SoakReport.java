package dev.syncbench.simulations.report;

import dev.syncbench.simulations.judging.Baseline;
import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.judging.SoakBaseline;
import dev.syncbench.simulations.judging.Trend;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.target.ResourceSample;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Prints a run that samples the server's resources over time (the soak, the overload) and adds the
 * samples and their trends to its JSON summary, under {@code resources}, where the report page
 * plots them.
 */
public final class SoakReport {
    private SoakReport() {
    }

    /** The samples as a table, one row per sample, then each series' trend. */
    public static void printResources(PrintStream out, List<ResourceSample> samples, Map<String, Trend> trends,
                                      double warmupSecs) {
        out.println();
        out.println("=== server resources (every sample; trends fitted after the " + (long) warmupSecs + " s warm-up) ===");
        out.printf(Locale.ROOT, "%8s %10s %9s %7s %8s %10s %12s %13s%n", "at s", "heap MiB", "RSS MiB", "fds",
                "threads", "OS threads", "connections", "write p99 µs");
        for (ResourceSample s : samples) {
            out.printf(Locale.ROOT, "%8.1f %10.1f %9.1f %7d %8d %10d %12d %13d%n", s.atSecs(), s.heapAfterGcMib(),
                    s.rssMib(), s.openFds(), s.threads(), s.osThreads(), s.connections(), s.writeP99Us());
        }
        trends.forEach((series, trend) -> out.printf(Locale.ROOT, "trend %-18s %+10.3f per minute over %d samples%n",
                series, trend.slopePerMinute(), trend.points()));
    }

    public static void printVerdict(PrintStream out, List<GateResult> gates) {
        LatencyTable.printVerdict(out, gates, List.of());
    }

    /** {@code {series: [[at_secs, value], ...], trends: {series: {slope_per_minute, points}}, warmup_secs}}. */
    public static Map<String, Object> resources(List<ResourceSample> samples, Map<String, Trend> trends,
                                                double warmupSecs) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("warmup_secs", warmupSecs);
        json.put("series", ResourceSample.toJson(samples));
        Map<String, Object> fitted = new LinkedHashMap<>();
        trends.forEach((series, trend) -> fitted.put(series, Map.of(
                "slope_per_minute", Math.round(trend.slopePerMinute() * 1000) / 1000.0, "points", trend.points())));
        json.put("trends", fitted);
        return json;
    }

    /**
     * TopGun's report shape for a run whose headline is its write round trip: ops = acknowledged
     * writes over {@code seconds}, with the given gates, plus {@code scenario} and the parameters.
     */
    public static Map<String, Object> summary(LoadSettings common, String scenario, String label, String target,
                                              String simulation, long ackedOps, long sentOps, double seconds,
                                              Histogram writes, List<GateResult> gates, Map<String, Object> parameters,
                                              Instant startedAt) {
        double opsPerSec = seconds > 0 ? ackedOps / seconds : 0;
        RunResult asRun = new RunResult(label, ackedOps, seconds, opsPerSec, writes,
                List.of(new RunResult.NamedHistogram("write_latency", writes)), sentOps, -1,
                0, 0, 0, 0, Map.of(), gates, List.of(), RunResult.Counts.NONE, RunResult.Counts.NONE, Map.of(), 0, 0);
        Baseline asBaseline = new Baseline("baseline.json", common.baselineProfile() == null ? "default"
                : common.baselineProfile(), new Baseline.Floors(0, Long.MAX_VALUE, 0), 0, Optional.empty());
        Map<String, Object> json = RunSummary.of(common, asBaseline, target, simulation, asRun, startedAt);
        json.put("scenario", scenario);
        if (json.get("provenance") instanceof Map<?, ?> provenance) {
            @SuppressWarnings("unchecked")
            Map<String, Object> writable = (Map<String, Object>) provenance;
            writable.put("parameters", parameters);
        }
        return json;
    }

    /** For the console: the judged gates. */
    public static String describe(SoakBaseline baseline) {
        return "baseline profile " + baseline.profile() + " (" + baseline.source() + "), slopes at most "
                + baseline.maxSlopePerMinute() + " per minute after " + (long) baseline.warmupSecs() + " s";
    }
}
