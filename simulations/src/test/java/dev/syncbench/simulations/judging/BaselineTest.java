package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadMode;
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
                  "machine_cores": {"min": 1, "max": 7},
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
        Baseline baseline = Baseline.load(write(BASELINE), "default", LoadMode.FIRE_AND_WAIT);
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
    void withoutAProfileTheOneMeasuredForThisMachinesCoresApplies() throws IOException {
        BaselineFile file = BaselineFile.read(write(BASELINE));
        BaselineFile.ProfileChoice two = file.choose(null, 2);
        assertEquals("small", two.label());
        assertTrue(two.reason().contains("this machine has 2 available cores and the profile is measured for "
                + "machines with 1-7"), two.reason());
        BaselineFile.ProfileChoice eight = file.choose(null, 8);
        assertEquals("default", eight.label());
        assertTrue(eight.reason().contains("TopGun's own floors"), eight.reason());
    }

    @Test
    void aStoreWithItsOwnProfileGetsItAndOtherStoresTheMemoryOne() throws IOException {
        String withStore = BASELINE.replace("\"profiles\": {", """
                "profiles": {
                  "small-rocksdb": {
                    "machine_cores": {"min": 1, "max": 7}, "store": "rocksdb",
                    "fire_and_wait": {"min_ops_per_sec": 15000, "max_p50_us": 9000, "min_acked_pct": 80},
                    "fire_and_forget": {"min_ops_per_sec": 10000, "max_p50_us": 3000000}
                  },""");
        BaselineFile file = BaselineFile.read(write(withStore));
        assertEquals("small", file.choose(null, 2).label(), "memory runs keep the profile without a store");
        BaselineFile.ProfileChoice rocks = file.choose(null, 2, "rocksdb");
        assertEquals("small-rocksdb", rocks.label());
        assertTrue(rocks.reason().contains("and store rocksdb"), rocks.reason());
        BaselineFile.ProfileChoice postgres = file.choose(null, 2, "postgres");
        assertEquals("small", postgres.label());
        assertTrue(postgres.reason().contains("no profile is measured for store postgres"), postgres.reason());
        assertEquals(15000, Baseline.load(write(withStore), null, LoadMode.FIRE_AND_WAIT, "rocksdb").floors().minOpsPerSec());
    }

    @Test
    void aProfileOrTheTopLevelIsStillSelectedByName() throws IOException {
        BaselineFile file = BaselineFile.read(write(BASELINE));
        assertEquals("default", file.choose("default", 2).label());
        assertEquals(30000, Baseline.load(write(BASELINE), "default", LoadMode.FIRE_AND_WAIT).floors().minOpsPerSec());
        assertEquals("small", file.choose("small", 16).label());
    }

    @Test
    void aServerCpuCeilingIsReadWhenPresent() throws IOException {
        Path file = write("""
                {"regression_tolerance_pct": 20,
                 "fire_and_forget": {"min_ops_per_sec": 1, "max_p50_us": 5, "max_server_cpu_us_per_batch": 35}}
                """);
        assertEquals(35, Baseline.load(file, "default", LoadMode.FIRE_AND_FORGET).floors().maxServerCpuUsPerBatch());
    }

    @Test
    void anUnknownProfileNamesTheKnownOnes() throws IOException {
        Path file = write(BASELINE);
        BadInputException error = assertThrows(BadInputException.class,
                () -> Baseline.load(file, "ci", LoadMode.FIRE_AND_WAIT));
        assertEquals("baseline " + file + " has no profile 'ci' (profiles: default, small)", error.getMessage());
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
            Baseline.load(file, "default", mode);
        }
        Baseline.load(file, "ci-2core", LoadMode.FIRE_AND_WAIT);
        assertTrue(Baseline.load(file, "ci-2core", LoadMode.FIRE_AND_FORGET).floors().maxServerCpuUsPerBatch() > 0);
        assertEquals("ci-2core", BaselineFile.read(file).choose(null, 2).label());
        assertEquals("default", BaselineFile.read(file).choose(null, 8).label());
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("baseline.json");
        Files.writeString(file, json);
        return file;
    }
}
