package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.target.Ceiling;
import dev.syncbench.simulations.target.CpuSampler;
import dev.syncbench.simulations.target.Target;
import dev.syncbench.simulations.target.TargetKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a run cost in CPU over its load window, and how close it came to the injector's ceiling:
 * server CPU per op and per batch when the server is a process of its own ({@code -Dtarget=jar}),
 * this Gatling JVM's CPU (which includes an embedded server), and the confirmed ops/s as a fraction
 * of the echo ceiling measured in the same invocation. CPU time per op barely moves when a neighbour
 * steals cores, so {@code max_server_cpu_us_per_batch} in baseline.json gates it like a floor.
 *
 * @param serverCpuUs the server's CPU over the window in µs, -1 when not measured ({@link #serverNotMeasured} says why)
 * @param injectorCpuUs this JVM's CPU over the window in µs, -1 when unknown
 * @param ceiling the echo ceiling for this mode and parameters, when one was measured first
 */
public record RunCost(TargetKind target, double windowSecs, long countedOps, int batchSize, double opsPerSec,
                      double serverCpuUs, double injectorCpuUs, String serverNotMeasured,
                      Optional<Ceiling.Figure> ceiling, List<GateResult> gates) {

    /**
     * Reads the CPU used between {@code startNanos} and {@code endNanos} (the load window), gates it on
     * {@code floors}, and on a nested echo run records its figure as the ceiling.
     */
    public static RunCost measure(LoadMode mode, LoadSettings settings, Target target, CpuSampler sampler,
                                  long startNanos, long endNanos, long countedOps, double opsPerSec,
                                  Baseline.Floors floors) {
        sampler.stop();
        CpuSampler.CpuUsage usage = sampler.between(startNanos, endNanos);
        String notMeasured = switch (target.kind()) {
            case EMBEDDED, ECHO -> "the server shares this JVM with Gatling (-Dtarget=jar runs it as its own process)";
            case EXTERNAL -> "the external server is not a process of this run (-Dtarget=jar runs syncbench's as one)";
            case JAR, PROCESS, CLUSTER -> usage.serverNanos() < 0 ? "the OS did not report the server's CPU over the load window" : null;
        };
        double serverUs = notMeasured == null ? usage.serverNanos() / 1000.0 : -1;
        double injectorUs = usage.injectorNanos() < 0 ? -1 : usage.injectorNanos() / 1000.0;
        Ceiling.recordIfNested(settings, mode.label(), opsPerSec, target.description());
        RunCost partial = new RunCost(target.kind(), usage.wallNanos() / 1e9, countedOps, settings.batchSize(),
                opsPerSec, serverUs, injectorUs, notMeasured,
                Ceiling.matching(Ceiling.measured(), settings, mode.label()), List.of());
        return partial.withGates(floors.maxServerCpuUsPerBatch());
    }

    private RunCost withGates(double maxServerCpuUsPerBatch) {
        List<GateResult> checks = new ArrayList<>();
        if (maxServerCpuUsPerBatch > 0 && target == TargetKind.JAR) {
            double perBatch = serverCpuUsPerBatch();
            checks.add(GateResult.check("server_cpu_us_per_batch", perBatch >= 0 && perBatch <= maxServerCpuUsPerBatch,
                    perBatch < 0 ? "server CPU per batch not measured: " + (serverNotMeasured != null
                            ? serverNotMeasured : "no op was confirmed")
                            : String.format(Locale.ROOT, "server CPU %.1f µs per batch > %.1f µs", perBatch,
                                    maxServerCpuUsPerBatch)));
        }
        return new RunCost(target, windowSecs, countedOps, batchSize, opsPerSec, serverCpuUs, injectorCpuUs,
                serverNotMeasured, ceiling, List.copyOf(checks));
    }

    /** Server CPU µs per confirmed op; -1 when not measured or nothing was confirmed. */
    public double serverCpuUsPerOp() {
        return serverCpuUs < 0 || countedOps == 0 ? -1 : serverCpuUs / countedOps;
    }

    /** Server CPU µs per confirmed batch of {@code batchSize} ops; -1 when not measured. */
    public double serverCpuUsPerBatch() {
        double perOp = serverCpuUsPerOp();
        return perOp < 0 ? -1 : perOp * batchSize;
    }

    /** This JVM's CPU µs per confirmed op (Gatling, plus the server when it runs in this JVM). */
    public double injectorCpuUsPerOp() {
        return injectorCpuUs < 0 || countedOps == 0 ? -1 : injectorCpuUs / countedOps;
    }

    /** The run's ops/s over the echo ceiling's, when one was measured for it. */
    public Optional<Double> ceilingFraction() {
        return ceiling.filter(figure -> figure.opsPerSec() > 0).map(figure -> opsPerSec / figure.opsPerSec());
    }

    public boolean passed() {
        return gates.stream().allMatch(GateResult::passed);
    }

    /** The CPU and ceiling lines of the console report; its gates go in the verdict with the run's. */
    public void printFigures(PrintStream out) {
        String injectorRole = target.isChildProcess() || target == TargetKind.EXTERNAL ? "Gatling JVM"
                : "Gatling JVM incl. the " + target.label() + " server";
        if (serverCpuUs >= 0) {
            out.printf(Locale.ROOT, "server CPU: %.2f µs per op, %.1f µs per batch (%.0f%% of one core over %.1f s)%n",
                    serverCpuUsPerOp(), serverCpuUsPerBatch(), percentOfCore(serverCpuUs), windowSecs);
        } else {
            out.println("server CPU: not measured: " + serverNotMeasured);
        }
        if (injectorCpuUs >= 0) {
            out.printf(Locale.ROOT, "%s CPU: %.2f µs per op (%.0f%% of one core)%n", injectorRole,
                    injectorCpuUsPerOp(), percentOfCore(injectorCpuUs));
        }
        ceilingFraction().ifPresentOrElse(
                fraction -> out.printf(Locale.ROOT, "ceiling: %.2f x the echo ceiling of %.0f ops/s measured first "
                        + "in this invocation%n", fraction, ceiling.orElseThrow().opsPerSec()),
                () -> {
                    if (target != TargetKind.ECHO) {
                        out.println("ceiling: not measured (-Dceiling=true measures it first)");
                    }
                });
    }

    private double percentOfCore(double cpuUs) {
        return windowSecs > 0 ? cpuUs / 1e4 / windowSecs : 0;
    }

    /** The summary's {@code cpu} and {@code ceiling} figures. */
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("server_cpu_us_per_op", serverCpuUs < 0 ? null : round(serverCpuUsPerOp()));
        json.put("server_cpu_us_per_batch", serverCpuUs < 0 ? null : round(serverCpuUsPerBatch()));
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("window_secs", round(windowSecs));
        cpu.put("server_cpu_secs", serverCpuUs < 0 ? null : round(serverCpuUs / 1e6));
        cpu.put("server_cpu_pct_of_one_core", serverCpuUs < 0 ? null : round(percentOfCore(serverCpuUs)));
        cpu.put("server_not_measured_because", serverNotMeasured);
        cpu.put("gatling_jvm_cpu_secs", injectorCpuUs < 0 ? null : round(injectorCpuUs / 1e6));
        cpu.put("gatling_jvm_cpu_pct_of_one_core", injectorCpuUs < 0 ? null : round(percentOfCore(injectorCpuUs)));
        cpu.put("gatling_jvm_cpu_us_per_op", injectorCpuUs < 0 ? null : round(injectorCpuUsPerOp()));
        cpu.put("gatling_jvm_includes_server", target == TargetKind.EMBEDDED || target == TargetKind.ECHO);
        json.put("cpu", cpu);
        Map<String, Object> ceilingJson = new LinkedHashMap<>();
        ceiling.ifPresent(figure -> {
            ceilingJson.put("echo_ops_per_sec", Math.round(figure.opsPerSec()));
            ceilingJson.put("fraction", round(ceilingFraction().orElse(0.0)));
            ceilingJson.put("echo_run", figure.run());
        });
        json.put("ceiling", ceiling.isPresent() ? ceilingJson : null);
        return json;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
