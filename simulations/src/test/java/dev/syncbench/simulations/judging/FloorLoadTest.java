package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.RunMetrics;
import dev.syncbench.simulations.target.StoreCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ops/s floor judges runs offering at least the load it was set for, and says why it skips a lighter one. */
class FloorLoadTest {
    private static final FloorLoad FLOORS = new FloorLoad(200, 10, 50, 50);

    @TempDir
    Path dir;

    @Test
    void theDefaultLoadAndAHeavierOneAreJudged() {
        assertEquals(Optional.empty(), FLOORS.whyNotApplicable(LoadMode.FIRE_AND_WAIT, settings(200, 10, 50, 50)));
        assertEquals(Optional.empty(), FLOORS.whyNotApplicable(LoadMode.FIRE_AND_FORGET, settings(400, 20, 50, 100)));
        assertEquals(Optional.empty(), FLOORS.whyNotApplicable(LoadMode.FIRE_AND_FORGET, settings(200, 10, 50, 0)));
    }

    @Test
    void aSmokeRunIsNotJudgedOnTheAbsoluteFloorAndSaysWhy() {
        Optional<String> why = FLOORS.whyNotApplicable(LoadMode.FIRE_AND_WAIT, settings(20, 10, 50, 50));
        assertEquals(Optional.of("it is set for 200 connections, batches of 10, interval 50 ms, and this run offers "
                + "less load (20 connections)"), why);
        assertTrue(FLOORS.whyNotApplicable(LoadMode.FIRE_AND_WAIT, settings(200, 10, 100, 50)).isPresent(),
                "a longer pause offers less load");
        assertTrue(FLOORS.whyNotApplicable(LoadMode.FIRE_AND_FORGET, settings(200, 10, 50, 5)).isPresent(),
                "a smaller window waits more often");
    }

    @Test
    void theJudgeListsTheGateAsNotApplicableAndTheRunStillPasses() {
        Baseline baseline = new Baseline("b", "default", new Baseline.Floors(30_000, 3000, 0), 20, Optional.empty(),
                "profile default", Optional.of(FLOORS));
        RunResult result = Judge.judge(LoadMode.FIRE_AND_WAIT, settings(20, 10, 50, 50),
                new CountingSettings(true, 0, false, 0), baseline, new RunMetrics(), StoreCheck.UNKNOWN);
        GateResult ops = result.gates().getFirst();
        assertEquals("ops_per_sec", ops.name());
        assertTrue(ops.passed());
        assertFalse(ops.applies());
        assertTrue(ops.line().startsWith("N/A  [ops_per_sec]: 0 ops/s, floor 30000 not applied: it is set for"),
                ops.line());
    }

    @Test
    void baselineJsonSaysWhichLoadItsFloorsAreFor() throws Exception {
        Path file = Files.writeString(dir.resolve("baseline.json"), """
                {"regression_tolerance_pct": 20,
                 "floors_set_for": {"connections": 100, "batch_size": 5, "interval_ms": 20, "window": 10},
                 "fire_and_wait": {"min_ops_per_sec": 1, "max_p50_us": 5000, "min_acked_pct": 80}}
                """);
        Baseline baseline = Baseline.load(file, null, LoadMode.FIRE_AND_WAIT);
        assertEquals(Optional.of(new FloorLoad(100, 5, 20, 10)), baseline.floorLoad());
    }

    private static LoadSettings settings(int connections, int batchSize, int intervalMs, int window) {
        return new LoadSettings(connections, 30, intervalMs, batchSize, window, null, "s", Path.of("baseline.json"),
                null, Path.of("reports"), Path.of("."));
    }
}
