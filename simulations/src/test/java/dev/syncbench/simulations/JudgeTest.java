package dev.syncbench.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JudgeTest {
    private static final long SECOND = 1_000_000_000L;
    private static final LoadSettings SETTINGS = new LoadSettings(2, 1, 50, 10, 5, null, "s",
            Path.of("baseline.json"), null, Path.of("reports"), Path.of("."));

    @Test
    void fireAndWaitCountsAckedOpsAndJudgesEveryFloor() {
        RunMetrics metrics = new RunMetrics();
        for (int i = 0; i < 10; i++) {
            long sent = i * SECOND / 10;
            metrics.sent(sent, true);
            metrics.acked(sent + 2_000_000, sent, 0); // 2 ms round trip
        }
        metrics.loopEnded(SECOND);

        RunResult result = Judge.judge(LoadMode.FIRE_AND_WAIT, SETTINGS, baseline(100, 3000, 80), metrics, 100, true);

        assertEquals(100, result.countedOps());
        assertEquals(100.0, result.opsPerSec(), 0.01);
        assertEquals(List.of("ops_per_sec", "p50_us", "acked_ratio", "nothing_lost"),
                result.gates().stream().map(GateResult::name).toList());
        assertTrue(result.passed(), result.gates().toString());
    }

    @Test
    void exactlyEightyPercentAckedFailsAsInTopGunsHarness() {
        RunMetrics metrics = new RunMetrics();
        for (int i = 0; i < 10; i++) {
            metrics.sent(i, true);
            if (i < 8) {
                metrics.acked(i + 1000, i, 0);
            }
        }
        RunResult result = Judge.judge(LoadMode.FIRE_AND_WAIT, SETTINGS, baseline(0, 3000, 80), metrics, -1, true);
        GateResult acked = gate(result, "acked_ratio");
        assertFalse(acked.passed());
        assertEquals("acked ratio 0.80 <= 0.80", acked.message());
    }

    @Test
    void anOpTheServerDidNotApplyFailsTheEmbeddedRun() {
        RunMetrics metrics = new RunMetrics();
        metrics.sent(0, true);
        metrics.acked(1000, 0, 0);
        RunResult result = Judge.judge(LoadMode.FIRE_AND_WAIT, SETTINGS, baseline(0, 3000, 0), metrics, 9, true);
        assertEquals("server applied 9 ops, clients sent 10", gate(result, "nothing_lost").message());
        assertFalse(result.passed());
    }

    @Test
    void anExternalServerThatAppliedLessOnlyWarns() {
        RunMetrics metrics = new RunMetrics();
        metrics.sent(0, true);
        metrics.acked(1000, 0, 0);
        RunResult result = Judge.judge(LoadMode.FIRE_AND_WAIT, SETTINGS, baseline(0, 3000, 0), metrics, 9, false);
        assertTrue(result.passed());
        assertEquals(List.of("the server reports 9 ops applied, the clients sent 10"), result.warnings());
    }

    @Test
    void fireAndForgetCountsConfirmedWindowsAndTimesThemFromTheirFirstSend() {
        RunMetrics windowed = new RunMetrics();
        for (int batch = 0; batch < 5; batch++) {
            windowed.sent(batch * 1000L, batch == 4);
        }
        windowed.acked(SECOND, 4000, 1);

        RunResult result = Judge.judge(LoadMode.FIRE_AND_FORGET, SETTINGS, baseline(0, 2_000_000, 0), windowed, -1, true);

        assertEquals(50, result.countedOps()); // one window of 5 batches of 10 ops
        assertEquals((SECOND - 1) / 1000, result.headline().getValueAtPercentile(50), 1000);
    }

    @Test
    void windowZeroCountsSendsAndHasNoLatencyGate() {
        LoadSettings unconfirmed = new LoadSettings(2, 1, 50, 10, 0, null, "s", Path.of("b"), null, Path.of("r"),
                Path.of("."));
        RunMetrics metrics = new RunMetrics();
        metrics.sent(0, false);
        metrics.sent(SECOND / 2, false);
        metrics.loopEnded(SECOND);
        RunResult result = Judge.judge(LoadMode.FIRE_AND_FORGET, unconfirmed, baseline(10, 1000, 0), metrics, 20, true);
        assertEquals(20, result.countedOps());
        assertTrue(result.label().contains("unconfirmed"));
        assertEquals(List.of("ops_per_sec", "nothing_lost"), result.gates().stream().map(GateResult::name).toList());
    }

    @Test
    void aResultWellBelowTheReferenceWarns() throws Exception {
        RunMetrics metrics = new RunMetrics();
        metrics.sent(0, true);
        metrics.acked(1000, 0, 0);
        metrics.loopEnded(SECOND);
        Baseline baseline = new Baseline("b", "default", new Baseline.Floors(0, 3000, 0), 20,
                Optional.of(new Baseline.Reference("this machine", "today",
                        new ObjectMapper().readTree("{\"connections\": 2, \"window\": 5}"), 100, 1,
                        new ObjectMapper().readTree("{\"target\": \"embedded\", \"store\": \"memory\", "
                                + "\"cpu_cores\": " + Runtime.getRuntime().availableProcessors() + ", \"parameters\": "
                                + "{\"connections\": 2, \"duration_secs\": 1, \"interval_ms\": 50, "
                                + "\"batch_size\": 10, \"window\": 5}}"))));
        RunResult result = Judge.judge(LoadMode.FIRE_AND_WAIT, SETTINGS, baseline, metrics, -1, true);
        assertTrue(result.passed());
        assertTrue(result.warnings().getFirst().startsWith("WARNING: 10 ops/s is more than 20% below the reference"),
                result.warnings().toString());
    }

    private static Baseline baseline(double minOps, long maxP50Us, double minAckedPct) {
        return new Baseline("b", "default", new Baseline.Floors(minOps, maxP50Us, minAckedPct), 20, Optional.empty());
    }

    private static GateResult gate(RunResult result, String name) {
        return result.gates().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }
}
