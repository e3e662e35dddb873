package dev.syncbench.simulations.report;

import dev.syncbench.simulations.judging.Baseline;
import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.judging.RunCost;
import dev.syncbench.simulations.judging.RunIdentity;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.load.LoadSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A run as JSON: TopGun's report shape ({@code scenario, mode, connections, duration_secs, total_ops,
 * ops_per_sec, latency, assertions, timestamp}) plus what syncbench adds (sent/applied counts, every
 * histogram with its percentile distribution, the capacity in users, warnings) and the provenance a
 * number needs to mean something.
 */
public final class RunSummary {
    private RunSummary() {
    }

    public static Map<String, Object> of(LoadSettings settings, Baseline baseline, String target, String simulation,
                                         RunResult result, Instant startedAt) {
        return of(settings, baseline, target, simulation, result, startedAt, null);
    }

    /**
     * The summary with the run's CPU and ceiling figures ({@code cost}, null when not measured),
     * whose gates join the assertions.
     */
    public static Map<String, Object> of(LoadSettings settings, Baseline baseline, String target, String simulation,
                                         RunResult result, Instant startedAt, RunCost cost) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", "throughput");
        json.put("mode", result.label());
        json.put("connections", settings.connections());
        json.put("duration_secs", settings.durationSecs());
        json.put("total_ops", result.countedOps());
        json.put("ops_per_sec", Math.round(result.opsPerSec()));
        json.put("latency", latency(result.headline()));
        List<Map<String, Object>> assertions = new ArrayList<>();
        List<GateResult> gates = new ArrayList<>(result.gates());
        if (cost != null) {
            gates.addAll(cost.gates());
        }
        for (GateResult gate : gates) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", gate.name());
            one.put("passed", gate.passed());
            one.put("message", gate.message());
            assertions.add(one);
        }
        json.put("assertions", assertions);
        json.put("timestamp", startedAt.truncatedTo(ChronoUnit.SECONDS).toString());

        json.put("load_secs", Math.round(result.loadSeconds() * 1000) / 1000.0);
        json.put("capacity_users", Capacity.of(result.opsPerSec()).asJson());
        json.put("sent_ops", result.sentOps());
        json.put("applied_ops", result.appliedOps() >= 0 ? result.appliedOps() : null);
        json.put("batches", Map.of(
                "awaited", result.awaitedBatches(),
                "acked", result.ackedBatches(),
                "not_sent_socket_closed", result.unsentBatches()));
        json.put("unexpected_frames", result.otherFrames());
        json.put("counts", result.countsJson());
        Map<String, Object> histograms = new LinkedHashMap<>();
        for (RunResult.NamedHistogram named : result.histograms()) {
            Map<String, Object> figures = new LinkedHashMap<>(latency(named.histogram()));
            figures.put("count", named.histogram().getTotalCount());
            figures.put("max_us", named.histogram().getMaxValue());
            figures.put("percentile_distribution", PercentileDistribution.of(named.histogram()));
            histograms.put(named.name(), figures);
        }
        json.put("histograms", histograms);
        if (cost != null) {
            json.putAll(cost.asJson());
        }
        json.put("warnings", result.warnings());
        json.put("provenance", provenance(settings, baseline, target, simulation));
        return json;
    }

    private static Map<String, Object> latency(Histogram histogram) {
        Map<String, Object> latency = new LinkedHashMap<>();
        boolean empty = histogram == null || histogram.getTotalCount() == 0;
        latency.put("p50_us", empty ? 0 : histogram.getValueAtPercentile(50));
        latency.put("p95_us", empty ? 0 : histogram.getValueAtPercentile(95));
        latency.put("p99_us", empty ? 0 : histogram.getValueAtPercentile(99));
        latency.put("p999_us", empty ? 0 : histogram.getValueAtPercentile(99.9));
        return latency;
    }

    private static Map<String, Object> provenance(LoadSettings settings, Baseline baseline, String target,
                                                  String simulation) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("simulation", simulation);
        provenance.put("target", target);
        provenance.put("target_kind", settings.targetKind().label());
        provenance.put("store", RunIdentity.storeOf(settings.targetKind()));
        provenance.put("parameters", settings.asMap());
        provenance.put("map", settings.map());
        Map<String, Object> floors = new LinkedHashMap<>();
        floors.put("profile", baseline.profile());
        floors.put("chosen", baseline.profileChoice());
        floors.put("min_ops_per_sec", baseline.floors().minOpsPerSec());
        floors.put("max_p50_us", baseline.floors().maxP50Us());
        if (baseline.floors().maxServerCpuUsPerBatch() > 0) {
            floors.put("max_server_cpu_us_per_batch", baseline.floors().maxServerCpuUsPerBatch());
        }
        provenance.put("baseline", floors);
        provenance.put("cpu_model", cpuModel());
        provenance.put("cpu_cores", Runtime.getRuntime().availableProcessors());
        provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        provenance.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        provenance.putAll(RunEnvironment.describe());
        provenance.put("git_commit", gitCommit(settings.projectDir()));
        return withinProject(provenance, settings.projectDir().toAbsolutePath().normalize().toString());
    }

    /**
     * The provenance with every mention of the repository's own directory written as {@code .}, so a
     * summary kept in git says where things are relative to the project, not on one machine.
     */
    @SuppressWarnings("unchecked")
    static <T> T withinProject(T value, String projectDir) {
        if (value instanceof String text) {
            return (T) text.replace(projectDir + "/simulations/..", ".").replace(projectDir, ".");
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, inner) -> copy.put(key, withinProject(inner, projectDir)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(inner -> withinProject(inner, projectDir)).toList();
        }
        return value;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    /** The commit checked out, with "-dirty" when the work tree has changes; "unknown" without git. */
    private static String gitCommit(Path projectDir) {
        String commit = git(projectDir, "rev-parse", "--short=12", "HEAD");
        if (commit.isEmpty()) {
            return "unknown";
        }
        return git(projectDir, "status", "--porcelain", "--untracked-files=no").isEmpty() ? commit : commit + "-dirty";
    }

    private static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "";
            }
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
