package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.target.CpuOnlyTarget;
import dev.syncbench.simulations.target.CpuSampler;
import dev.syncbench.simulations.target.Target;
import dev.syncbench.simulations.target.TargetKind;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** max_server_cpu_us_per_batch fails a jar run like any floor, and is not checked where it cannot be measured. */
class RunCostTest {

    @Test
    void aJarRunAboveTheCpuCeilingFails() throws Exception {
        RunCost cost = measure(TargetKind.JAR, 1.0, 35);
        // one core for the whole window over 10 ops: far above 35 µs per batch
        assertFalse(cost.passed(), cost.gates().toString());
        assertTrue(cost.gates().getFirst().message().startsWith("server CPU "), cost.gates().toString());
    }

    @Test
    void aJarRunBelowTheCpuCeilingPasses() throws Exception {
        RunCost cost = measure(TargetKind.JAR, 1.0, 1e12);
        assertTrue(cost.passed(), cost.gates().toString());
        assertEquals(1, cost.gates().size());
    }

    @Test
    void anEmbeddedRunSaysWhyItsServerCpuIsNotMeasured() throws Exception {
        RunCost cost = measure(TargetKind.EMBEDDED, 1.0, 35);
        assertTrue(cost.gates().isEmpty());
        assertEquals(-1, cost.serverCpuUsPerBatch());
        assertTrue(cost.serverNotMeasured().startsWith("the server shares this JVM"), cost.serverNotMeasured());
    }

    private static RunCost measure(TargetKind kind, double cores, double maxUsPerBatch) throws Exception {
        long born = System.nanoTime();
        Target target = new CpuOnlyTarget(kind, () -> kind == TargetKind.JAR
                ? OptionalLong.of((long) ((System.nanoTime() - born) * cores)) : OptionalLong.empty());
        CpuSampler sampler = CpuSampler.start(target);
        long start = System.nanoTime();
        Thread.sleep(120);
        long end = System.nanoTime();
        LoadSettings settings = new LoadSettings(1, 1, 50, 10, 1, null, "s", Path.of("b"), null, Path.of("r"),
                Path.of("."), kind, false, LoadSettings.DEFAULT_JAR_JVM_ARGS, null);
        return RunCost.measure(LoadMode.FIRE_AND_FORGET, settings, target, sampler, start, end, 10, 10,
                new Baseline.Floors(0, 0, 0, maxUsPerBatch));
    }
}
