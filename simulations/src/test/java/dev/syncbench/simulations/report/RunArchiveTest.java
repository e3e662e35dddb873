package dev.syncbench.simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page reads every archived summary, new and reference, and the floors of every profile. */
class RunArchiveTest {
    private static final Path ROOT = Path.of(System.getProperty("syncbench.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aSummaryWithItsDistributionAndAReferenceRunWithoutOneAreBothRead() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Files.writeString(reports.resolve("2026-12-01T10-00-00Z-fire-and-wait.json"), """
                {"scenario": "throughput", "mode": "fire-and-wait", "connections": 20, "duration_secs": 5,
                 "ops_per_sec": 3936, "latency": {"p50_us": 393, "p99_us": 3271},
                 "assertions": [{"name": "ops_per_sec", "passed": true}, {"name": "p50_us", "passed": false}],
                 "timestamp": "2026-12-01T10:00:00Z", "server_cpu_us_per_batch": 33.1,
                 "ceiling": {"fraction": 0.63},
                 "histograms": {"write_latency": {"count": 1965, "percentile_distribution": [
                     {"percentile": 0.0, "value_us": 120}, {"percentile": 50.0, "value_us": 393},
                     {"percentile": 100.0, "value_us": 4975}]}},
                 "provenance": {"simulation": "dev.syncbench.simulations.FireAndWaitSimulation",
                   "target": "server jar, pid 1", "target_kind": "jar", "store": "memory",
                   "baseline": {"profile": "ci-2core"}, "git_commit": "abc"}}
                """);
        Path reference = Files.createDirectories(reports.resolve("reference"));
        Path old = ROOT.resolve("reports/reference/2026-11-26T17-04-56Z-fire-and-wait.json");
        Files.copy(old, reference.resolve(old.getFileName()));
        Files.writeString(reports.resolve("notes.json"), "{\"not\": \"a run\"}");

        List<ArchivedRun> runs = RunArchive.read(reports);

        assertEquals(List.of("2026-11-26T17-04-56Z-fire-and-wait", "2026-12-01T10-00-00Z-fire-and-wait"),
                runs.stream().map(ArchivedRun::name).toList(), "oldest first; a JSON that is no summary left out");
        ArchivedRun earlier = runs.getFirst();
        assertTrue(earlier.reference());
        assertEquals("reference/2026-11-26T17-04-56Z-fire-and-wait.json", earlier.summary());
        assertNull(earlier.gatlingReport(), "its HTML folder was not copied here");
        assertEquals("embedded", earlier.targetKind(), "older summaries name the target only in its description");
        ArchivedRun.Latency kept = earlier.histograms().getFirst();
        assertFalse(kept.complete());
        assertEquals(List.of(50.0, 95.0, 99.0, 99.9, 100.0),
                kept.points().stream().map(ArchivedRun.Point::percentile).toList());

        ArchivedRun latest = runs.getLast();
        assertEquals("FireAndWaitSimulation", latest.simulation());
        assertEquals("fire_and_wait", latest.baselineKey());
        assertEquals("jar", latest.targetKind());
        assertFalse(latest.passed());
        assertEquals(List.of("p50_us"), latest.failedGates());
        assertEquals(0.63, latest.ceilingFraction());
        assertEquals(33.1, latest.serverCpuUsPerBatch());
        ArchivedRun.Latency full = latest.histograms().getFirst();
        assertTrue(full.complete());
        assertEquals(List.of(new ArchivedRun.Point(0, 120), new ArchivedRun.Point(50, 393),
                new ArchivedRun.Point(100, 4975)), full.points());
    }

    @Test
    void aRunsResourceSamplesAreReadForThePlots() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Files.writeString(reports.resolve("2026-12-01T11-00-00Z-soak.json"), """
                {"scenario": "soak", "mode": "soak", "connections": 63, "duration_secs": 120, "ops_per_sec": 9751,
                 "latency": {"p50_us": 472, "p99_us": 7919}, "assertions": [], "timestamp": "2026-12-01T11:00:00Z",
                 "resources": {"warmup_secs": 30, "series": {
                     "heap_after_gc_mib": [[0.0, 5.1], [5.0, 38.9]], "open_fds": [[0.0, 24], [5.0, 74]]}},
                 "provenance": {"simulation": "dev.syncbench.simulations.SoakSimulation", "target_kind": "jar"}}
                """);

        ArchivedRun soak = RunArchive.read(reports).getFirst();

        assertEquals(List.of("heap_after_gc_mib", "open_fds"), List.copyOf(soak.resources().keySet()));
        assertEquals(38.9, soak.resources().get("heap_after_gc_mib").get(1)[1]);
        assertEquals(5.0, soak.resources().get("open_fds").get(1)[0]);
        assertTrue(RunArchive.read(reports).getFirst().histograms().isEmpty());
    }

    @Test
    void eachProfileHasItsOwnFloorsAndFallsBackToTheTopLevelForAScenarioItLacks() throws Exception {
        Path baseline = Files.writeString(dir.resolve("baseline.json"), """
                {"fire_and_wait": {"min_ops_per_sec": 30000, "max_p50_us": 5000},
                 "live_query_fan_out": {"min_writes_ops_per_sec": 1000, "max_delivery_p50_us": 100000},
                 "search": {"min_search_ops_per_sec": 150, "max_search_p99_us": 50000},
                 "profiles": {"small": {"fire_and_wait": {"min_ops_per_sec": 200, "max_p50_us": 9000}}}}
                """);
        Map<String, Map<String, ProfileFloors.Floors>> floors = ProfileFloors.read(baseline);
        assertEquals(new ProfileFloors.Floors(30000.0, 5000.0), floors.get("default").get("fire_and_wait"));
        assertEquals(new ProfileFloors.Floors(200.0, 9000.0), floors.get("small").get("fire_and_wait"));
        assertEquals(new ProfileFloors.Floors(1000.0, 100000.0), floors.get("small").get("live_query_fan_out"));
        assertEquals(new ProfileFloors.Floors(150.0, null), floors.get("small").get("search"));
        assertFalse(floors.get("small").containsKey("fire_and_forget"));
    }
}
