package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncbench.simulations.load.Connection;
import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.RunMetrics;
import dev.syncbench.simulations.target.StoreCheck;
import dev.syncbench.simulations.wire.ServerFrames;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The regression warning compares a run only with a reference measured like it. */
class RegressionReferenceTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void aReferenceMeasuredLikeTheRunWarnsOnARegression() throws Exception {
        RunResult result = judge(settings(1, null), reference("embedded", "memory", CORES, 1));
        assertTrue(regressionWarning(result).startsWith("WARNING: 20 ops/s is more than 20% below the reference"),
                result.warnings().toString());
    }

    @Test
    void aReferenceOfAnotherDurationIsNoReference() throws Exception {
        RunResult result = judge(settings(30, null), reference("embedded", "memory", CORES, 10));
        String warning = regressionWarning(result);
        assertTrue(warning.startsWith("no regression check: no reference measured like this run"), warning);
        assertTrue(warning.endsWith("has duration_secs 10 there, 30 here)"), warning);
    }

    @Test
    void anExternalServerIsNotComparedWithTheEmbeddedReference() throws Exception {
        RunResult result = judge(settings(1, java.net.URI.create("ws://127.0.0.1:1/ws")),
                reference("embedded", "memory", CORES, 1));
        assertTrue(regressionWarning(result).contains("has target embedded there, external here"),
                result.warnings().toString());
    }

    @Test
    void aReferenceFromAnotherMachineProfileIsNoReference() throws Exception {
        RunResult result = judge(settings(1, null), reference("embedded", "memory", CORES + 8, 1));
        assertTrue(regressionWarning(result).contains("has cpu_cores " + (CORES + 8) + " there, " + CORES + " here"),
                result.warnings().toString());
    }

    @Test
    void aReferenceThatDoesNotSayHowItWasMeasuredIsNoReference() throws Exception {
        JsonNode bare = new ObjectMapper().readTree("{\"parameters\": {\"connections\": 2}}");
        assertEquals(Optional.of("target not recorded there, embedded here"),
                RunIdentity.of(settings(1, null), settings(1, null).asMap()).differenceFrom(bare));
    }

    private static RunResult judge(LoadSettings settings, Baseline.Reference reference) {
        RunMetrics metrics = new RunMetrics();
        Connection connection = new Connection(1, 10, Long.MAX_VALUE, 5 * SECOND, true, metrics);
        connection.nextBatch(0, 0, true, true);
        connection.onFrame(ServerFrames.ack(1, 0, 10, 0), 1_000);
        connection.nextBatch(SECOND - 1_000, SECOND - 1_000, true, true);
        connection.onFrame(ServerFrames.ack(1, 1, 10, 0), SECOND);
        Baseline baseline = new Baseline("b", "default", new Baseline.Floors(0, 3000, 0), 20, Optional.of(reference));
        return Judge.judge(LoadMode.FIRE_AND_WAIT, settings, new CountingSettings(true, 0, false, 0), baseline,
                metrics, StoreCheck.UNKNOWN);
    }

    /** The first warning about the reference: the run's other warnings (nothing lost not checked) aside. */
    private static String regressionWarning(RunResult result) {
        return result.warnings().stream().filter(w -> w.contains("reference")).findFirst().orElse("");
    }

    private static LoadSettings settings(int durationSecs, java.net.URI target) {
        return new LoadSettings(2, durationSecs, 50, 10, 5, target, "s", Path.of("baseline.json"), null,
                Path.of("reports"), Path.of("."));
    }

    private static Baseline.Reference reference(String target, String store, int cores, int durationSecs)
            throws Exception {
        JsonNode run = new ObjectMapper().readTree("""
                {"machine": "m", "date": "d", "target": "%s", "store": "%s", "cpu_cores": %d,
                 "parameters": {"connections": 2, "duration_secs": %d, "interval_ms": 50, "batch_size": 10,
                                "window": 5}}
                """.formatted(target, store, cores, durationSecs));
        return new Baseline.Reference("m", "d", run.path("parameters"), 100, 1, run);
    }
}
