package dev.syncbench.simulations.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.target.TargetKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SoakSettingsTest {

    private static LoadSettings load(TargetKind kind, int durationSecs) {
        return new LoadSettings(200, durationSecs, 50, 10, 50, null, "s", Path.of("baseline.json"), null,
                Path.of("reports"), Path.of("."), kind, false, "-Xmx4g", null);
    }

    private static SoakSettings soak(TargetKind kind, int durationSecs, int sampleSecs) {
        return new SoakSettings(load(kind, durationSecs), 50, 1000, 4, 4, 50, 4, 200, sampleSecs, 3);
    }

    @Test
    void theSoakRunsOnlyAgainstTheJar() {
        BadInputException refused = assertThrows(BadInputException.class,
                () -> soak(TargetKind.EMBEDDED, 120, 5).requireProcessTarget());
        assertTrue(refused.getMessage().contains("-Dtarget=jar"), refused.getMessage());
        soak(TargetKind.JAR, 120, 5).requireProcessTarget();
    }

    @Test
    void aRunTooShortForFourSamplesIsRefused() {
        BadInputException refused = assertThrows(BadInputException.class,
                () -> soak(TargetKind.JAR, 30, 10).requireProcessTarget());
        assertTrue(refused.getMessage().contains("-Dsoak.sampleSecs=10"), refused.getMessage());
    }

    @Test
    void theOfferedLoadIsWritersTimesBatchOverInterval() {
        assertEquals(10_000.0, soak(TargetKind.JAR, 120, 5).offeredOpsPerSec());
    }

    @Test
    void writersCycleOverTheirOwnKeys() {
        assertEquals("s7-3", SoakWriter.key(7, 1003, 1000));
        assertEquals("s7-3", SoakWriter.key(7, 3, 1000));
    }
}
