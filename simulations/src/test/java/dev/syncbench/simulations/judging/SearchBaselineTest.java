package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchBaselineTest {
    private static final String BASELINE = """
            {
              "regression_tolerance_pct": 20,
              "search": {"min_search_ops_per_sec": 100, "max_search_p99_us": 50000, "max_delivery_p99_us": 400000,
                "max_missed_deliveries": 0, "min_acked_pct": 80},
              "profiles": {
                "small": {"machine_cores": {"min": 1, "max": 7},
                  "search": {"min_search_ops_per_sec": 50, "max_search_p99_us": 90000,
                  "max_delivery_p99_us": 900000, "max_missed_deliveries": 0, "min_acked_pct": 70}},
                "other": {"fire_and_wait": {"min_ops_per_sec": 1, "max_p50_us": 1, "min_acked_pct": 1}}
              }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheTopLevelFloors() throws IOException {
        SearchBaseline baseline = SearchBaseline.load(write(BASELINE), "default", "memory");
        assertEquals(new SearchBaseline.Floors(100, 50000, 400000, 0, 80), baseline.floors());
    }

    @Test
    void theProfileForThisMachinesCoresReplacesThem() throws IOException {
        SearchBaseline baseline = SearchBaseline.load(write(BASELINE), "small", "memory");
        assertEquals("small", baseline.profile());
        assertEquals(90000, baseline.floors().maxSearchP99Us());
    }

    @Test
    void aProfileWithoutSearchFloorsFallsBackToTheTopLevel() throws IOException {
        SearchBaseline baseline = SearchBaseline.load(write(BASELINE), "other", "memory");
        assertEquals("default", baseline.profile());
        assertTrue(baseline.profileChoice().contains("no search floors"), baseline.profileChoice());
    }

    @Test
    void aMissingFloorIsNamed() throws IOException {
        Path file = write(BASELINE.replace("\"max_missed_deliveries\": 0, \"min_acked_pct\": 80", "\"min_acked_pct\": 80"));
        BadInputException e = assertThrows(BadInputException.class, () -> SearchBaseline.load(file, "default", "memory"));
        assertTrue(e.getMessage().contains("search.max_missed_deliveries is missing"), e.getMessage());
    }

    @Test
    void theRepositoryBaselineHasSearchFloorsInEveryProfile() {
        Path file = Path.of(System.getProperty("baseline.file", "../baseline.json"));
        assertEquals("default", SearchBaseline.load(file, "default", "memory").profile());
        assertEquals("ci-2core", SearchBaseline.load(file, "ci-2core", "memory").profile());
        assertEquals("ci-2core-rocksdb", SearchBaseline.load(file, "ci-2core-rocksdb", "rocksdb").profile());
        assertEquals(0, SearchBaseline.load(file, "ci-2core", "memory").floors().maxMissedDeliveries());
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("baseline.json"), json);
    }
}
