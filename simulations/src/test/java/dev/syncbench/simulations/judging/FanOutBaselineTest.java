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

class FanOutBaselineTest {
    private static final String BASELINE = """
            {
              "regression_tolerance_pct": 20,
              "fire_and_wait": {"min_ops_per_sec": 30000, "max_p50_us": 5000, "min_acked_pct": 80},
              "live_query_fan_out": {"min_writes_ops_per_sec": 1000, "min_events_per_sec": 20000,
                "max_delivery_p50_us": 100000, "max_write_p50_us": 90000, "min_acked_pct": 80,
                "reference": {"machine": "m", "date": "d", "parameters": {"writers": 20},
                  "writes_ops_per_sec": 2000, "events_per_sec": 40000, "delivery_p50_us": 13000}},
              "profiles": {
                "small": {"live_query_fan_out": {"min_writes_ops_per_sec": 500, "min_events_per_sec": 9000,
                  "max_delivery_p50_us": 200000, "max_write_p50_us": 200000, "min_acked_pct": 70}},
                "other": {"fire_and_wait": {"min_ops_per_sec": 1, "max_p50_us": 1, "min_acked_pct": 1}}
              }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheTopLevelFloorsAndReference() throws IOException {
        FanOutBaseline baseline = FanOutBaseline.load(write(BASELINE), null);
        assertEquals(new FanOutBaseline.Floors(1000, 20000, 100000, 90000, 80), baseline.floors());
        assertEquals(20, baseline.regressionTolerancePct());
        assertEquals(13000, baseline.reference().orElseThrow().deliveryP50Us());
    }

    @Test
    void aProfileWithFanOutFloorsReplacesThem() throws IOException {
        FanOutBaseline baseline = FanOutBaseline.load(write(BASELINE), "small");
        assertEquals("small", baseline.profile());
        assertEquals(500, baseline.floors().minWritesOpsPerSec());
    }

    @Test
    void aProfileWithoutFanOutFloorsFallsBackToTheTopLevel() throws IOException {
        FanOutBaseline baseline = FanOutBaseline.load(write(BASELINE), "other");
        assertEquals("default", baseline.profile());
        assertEquals(1000, baseline.floors().minWritesOpsPerSec());
    }

    @Test
    void aMissingFloorIsNamed() throws IOException {
        Path file = write(BASELINE.replace("\"min_events_per_sec\": 20000,", ""));
        BadInputException e = assertThrows(BadInputException.class, () -> FanOutBaseline.load(file, null));
        assertTrue(e.getMessage().contains("live_query_fan_out.min_events_per_sec is missing"), e.getMessage());
    }

    @Test
    void anUnknownProfileIsNamed() throws IOException {
        Path file = write(BASELINE);
        BadInputException e = assertThrows(BadInputException.class, () -> FanOutBaseline.load(file, "nope"));
        assertTrue(e.getMessage().contains("no profile 'nope'"), e.getMessage());
    }

    @Test
    void theRepositoryBaselineLoadsAtTheTopLevelAndForCi2core() {
        Path file = Path.of(System.getProperty("baseline.file", "../baseline.json"));
        assertEquals("default", FanOutBaseline.load(file, "default").profile());
        assertEquals("ci-2core", FanOutBaseline.load(file, "ci-2core").profile());
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("baseline.json"), json);
    }
}
