package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncbench.simulations.load.LoadMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeout limit comes from the profile the run is judged by, also when that profile was chosen by cores. */
class CountingSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theProfileChosenByCoresHoldsTheTimeoutLimit() throws Exception {
        Path file = Files.writeString(dir.resolve("baseline.json"), """
                {"regression_tolerance_pct": 20,
                 "fire_and_forget": {"min_ops_per_sec": 1, "max_p50_us": 1000},
                 "profiles": {"any-machine": {"machine_cores": {"min": 1, "max": 4096},
                   "fire_and_forget": {"min_ops_per_sec": 1, "max_p50_us": 1000, "max_timeout_pct": 0.2}}}}
                """);
        Baseline chosen = Baseline.load(file, null, LoadMode.FIRE_AND_FORGET);

        assertEquals("any-machine", chosen.profile());
        assertEquals(0.2, CountingSettings.fromSystemProperties(chosen, file, LoadMode.FIRE_AND_FORGET).maxTimeoutPct());
    }

    @Test
    void withoutALimitFireAndForgetToleratesNoTimeout() throws Exception {
        Path file = Files.writeString(dir.resolve("baseline.json"), """
                {"regression_tolerance_pct": 20, "fire_and_forget": {"min_ops_per_sec": 1, "max_p50_us": 1000}}
                """);
        Baseline topLevel = Baseline.load(file, null, LoadMode.FIRE_AND_FORGET);

        assertEquals(0.0, CountingSettings.fromSystemProperties(topLevel, file, LoadMode.FIRE_AND_FORGET).maxTimeoutPct());
    }
}
