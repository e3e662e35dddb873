package dev.syncbench.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {
    private static final String BASELINE = """
            {
              "regression_tolerance_pct": 20,
              "fire_and_wait": {"min_ops_per_sec": 30000, "max_p50_us": 5000, "min_acked_pct": 80},
              "fire_and_forget": {"min_ops_per_sec": 380000, "max_p50_us": 1000000},
              "reference": {"machine": "m", "date": "d", "parameters": {"connections": 200},
                            "fire_and_wait": {"ops_per_sec": 33000, "p50_us": 1000}},
              "profiles": {
                "small": {
                  "fire_and_wait": {"min_ops_per_sec": 20000, "max_p50_us": 8000, "min_acked_pct": 80},
                  "fire_and_forget": {"min_ops_per_sec": 30000, "max_p50_us": 2000000}
                }
              }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheTopLevelFloorsAndReference() throws IOException {
        Baseline baseline = Baseline.load(write(BASELINE), null, LoadMode.FIRE_AND_WAIT);
        assertEquals(new Baseline.Floors(30000, 5000, 80), baseline.floors());
        assertEquals(20, baseline.regressionTolerancePct());
        assertEquals(33000, baseline.reference().orElseThrow().opsPerSec());
    }

    @Test
    void aProfileReplacesTheFloors() throws IOException {
        Baseline baseline = Baseline.load(write(BASELINE), "small", LoadMode.FIRE_AND_FORGET);
        assertEquals(new Baseline.Floors(30000, 2_000_000, 0), baseline.floors());
        assertEquals("small", baseline.profile());
    }

    @Test
    void anUnknownProfileNamesTheKnownOnes() throws IOException {
        Path file = write(BASELINE);
        BadInputException error = assertThrows(BadInputException.class,
                () -> Baseline.load(file, "ci", LoadMode.FIRE_AND_WAIT));
        assertEquals("baseline " + file + " has no profile 'ci' (profiles: small)", error.getMessage());
    }

    @Test
    void aMissingFileSaysWhereItLooked() {
        Path file = dir.resolve("absent.json");
        BadInputException error = assertThrows(BadInputException.class,
                () -> Baseline.load(file, null, LoadMode.FIRE_AND_WAIT));
        assertTrue(error.getMessage().startsWith("no baseline at " + file), error.getMessage());
    }

    @Test
    void malformedJsonSaysWhere() throws IOException {
        Path file = write("{\"fire_and_wait\": {");
        BadInputException error = assertThrows(BadInputException.class,
                () -> Baseline.load(file, null, LoadMode.FIRE_AND_WAIT));
        assertTrue(error.getMessage().startsWith("baseline " + file + " is not valid JSON: Unexpected end-of-input at line"),
                error.getMessage());
    }

    @Test
    void aFloorThatIsNoNumberIsNamed() throws IOException {
        Path file = write("""
                {"regression_tolerance_pct": 20,
                 "fire_and_wait": {"min_ops_per_sec": "lots", "max_p50_us": 5000, "min_acked_pct": 80}}
                """);
        BadInputException error = assertThrows(BadInputException.class,
                () -> Baseline.load(file, null, LoadMode.FIRE_AND_WAIT));
        assertEquals("baseline " + file + ": fire_and_wait.min_ops_per_sec must be a non-negative number, not \"lots\"",
                error.getMessage());
    }

    @Test
    void theRepositoryBaselineLoadsForBothModesAndEveryProfile() {
        Path file = Path.of(System.getProperty("baseline.file", "../baseline.json"));
        for (LoadMode mode : LoadMode.values()) {
            Baseline.load(file, null, mode);
        }
        Baseline.load(file, "ci-2core", LoadMode.FIRE_AND_WAIT);
        Baseline.load(file, "ci-2core", LoadMode.FIRE_AND_FORGET);
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("baseline.json");
        Files.writeString(file, json);
        return file;
    }
}
