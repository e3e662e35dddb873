package dev.syncbench.simulations.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.judging.RunCost;
import dev.syncbench.simulations.load.LoadSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CeilingTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(Ceiling.FILE_PROPERTY);
    }

    @Test
    void theNestedEchoRunRecordsItsFigureForTheRunThatLaunchedIt() {
        Path file = dir.resolve("echo.json");
        System.setProperty(Ceiling.FILE_PROPERTY, file.toString());
        Ceiling.recordIfNested(settings(TargetKind.ECHO, 30), "fire-and-forget", 400_000, "echo run");
        Optional<Ceiling.Figure> read = Ceiling.read(file);
        assertEquals(400_000, read.orElseThrow().opsPerSec());
        assertTrue(Ceiling.matching(read, settings(TargetKind.JAR, 30), "fire-and-forget").isPresent());
        assertFalse(Ceiling.matching(read, settings(TargetKind.JAR, 10), "fire-and-forget").isPresent(),
                "another duration is another ceiling");
        assertFalse(Ceiling.matching(read, settings(TargetKind.JAR, 30), "fire-and-wait").isPresent(),
                "another simulation is another ceiling");
    }

    @Test
    void onlyAnEchoRunRecordsACeiling() {
        Path file = dir.resolve("echo.json");
        System.setProperty(Ceiling.FILE_PROPERTY, file.toString());
        Ceiling.recordIfNested(settings(TargetKind.JAR, 30), "fire-and-forget", 1, "jar run");
        assertTrue(Ceiling.read(file).isEmpty());
    }

    @Test
    void theNestedRunIsThisJvmsCommandAgainstTheEcho() {
        List<String> command = Ceiling.nestedCommand(dir.resolve("f.json"));
        assertTrue(command.contains("-Dtarget=echo"), command.toString());
        assertTrue(command.contains("-Dceiling=false"), command.toString());
        assertEquals(1, command.stream().filter(argument -> argument.startsWith("-Dtarget=")).count());
    }

    @Test
    void aRunReadsAsAFractionOfTheCeiling() {
        Ceiling.Figure echo = new Ceiling.Figure("fire-and-forget", Ceiling.comparableParameters(
                settings(TargetKind.ECHO, 30)), 400_000, "echo");
        RunCost cost = new RunCost(TargetKind.JAR, 30, 3_000_000, 10, 100_000, 3_000_000, 1_000_000, null,
                Optional.of(echo), List.of());
        assertEquals(0.25, cost.ceilingFraction().orElseThrow(), 1e-9);
        assertEquals(1.0, cost.serverCpuUsPerOp(), 1e-9);
        assertEquals(10.0, cost.serverCpuUsPerBatch(), 1e-9);
    }

    private static LoadSettings settings(TargetKind kind, int duration) {
        return new LoadSettings(200, duration, 50, 10, 50, null, "s", Path.of("b"), null, Path.of("r"), Path.of("."),
                kind, false, LoadSettings.DEFAULT_JAR_JVM_ARGS, null);
    }
}
