package dev.syncbench.simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.judging.Baseline;
import dev.syncbench.simulations.judging.CountingSettings;
import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.judging.Judge;
import dev.syncbench.simulations.judging.RunCost;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.RunMetrics;
import dev.syncbench.simulations.target.StoreCheck;
import dev.syncbench.simulations.target.TargetKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON summary records what a figure needs beside it: heap, GC, flags, load, exact versions. */
class RunSummaryTest {

    @Test
    void provenanceRecordsTheJvmTheMachineLoadAndExactVersions() {
        Map<String, Object> provenance = provenance(summary(null));
        assertTrue(String.valueOf(provenance.get("gatling")).matches("\\d+\\.\\d+\\.\\d+.*"),
                "exact Gatling version, not a hard-coded one: " + provenance.get("gatling"));
        assertEquals(Runtime.getRuntime().maxMemory() / (1024 * 1024), provenance.get("heap_max_mb"));
        assertTrue(provenance.get("gc") instanceof List<?> gc && !gc.isEmpty(), "gc: " + provenance.get("gc"));
        assertTrue(provenance.get("jvm_flags") instanceof List<?>, "jvm_flags: " + provenance.get("jvm_flags"));
        assertTrue(provenance.get("load_average_before") instanceof List<?> load && !load.isEmpty(),
                "load average: " + provenance.get("load_average_before"));
        assertTrue(String.valueOf(provenance.get("jdk")).contains(System.getProperty("java.runtime.version")));
        assertTrue(provenance.containsKey("syncbench"));
        assertTrue(provenance.containsKey("git_commit"));
        assertEquals("embedded", provenance.get("target_kind"));
    }

    @Test
    void theCpuGateJoinsTheAssertionsAndItsFiguresTheSummary() {
        RunCost cost = new RunCost(TargetKind.JAR, 10, 1000, 10, 100, 200_000, 100_000, null, Optional.empty(),
                List.of(GateResult.check("server_cpu_us_per_batch", false, "server CPU 2000.0 µs per batch > 35.0 µs")));
        Map<String, Object> json = summary(cost);
        assertEquals(200.0, json.get("server_cpu_us_per_op"));
        assertEquals(2000.0, json.get("server_cpu_us_per_batch"));
        assertTrue(String.valueOf(json.get("assertions")).contains("server_cpu_us_per_batch, passed=false"),
                String.valueOf(json.get("assertions")));
    }

    private static Map<String, Object> summary(RunCost cost) {
        LoadSettings settings = new LoadSettings(2, 1, 50, 10, 5, null, "s", Path.of("baseline.json"), null,
                Path.of("reports"), Path.of("."));
        RunResult result = Judge.judge(LoadMode.FIRE_AND_WAIT, settings, new CountingSettings(true, 0, false, 0),
                new Baseline("b", "default", new Baseline.Floors(0, 3000, 0), 20, Optional.empty()),
                new RunMetrics(), StoreCheck.UNKNOWN);
        return RunSummary.of(settings, new Baseline("b", "default", new Baseline.Floors(0, 3000, 0), 20,
                Optional.empty()), "t", "s", result, Instant.now(), cost);
    }

    @Test
    void theProjectsOwnDirectoryIsWrittenRelative() {
        Map<String, Object> described = Map.of("flags", List.of("-Dsyncbench.root=/home/u/syncbench/simulations/..",
                "-XX:HeapDumpPath=/home/u/syncbench/simulations/target"), "log", "/home/u/syncbench/simulations/target/x.log",
                "java", "/usr/bin/java");
        Map<String, Object> relative = RunSummary.withinProject(described, "/home/u/syncbench");
        assertEquals(List.of("-Dsyncbench.root=.", "-XX:HeapDumpPath=./simulations/target"), relative.get("flags"));
        assertEquals("./simulations/target/x.log", relative.get("log"));
        assertEquals("/usr/bin/java", relative.get("java"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> provenance(Map<String, Object> json) {
        return (Map<String, Object>) json.get("provenance");
    }
}
