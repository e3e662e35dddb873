package dev.syncbench.simulations.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.abuse.AbusePhases.Phase;
import org.junit.jupiter.api.Test;

class AbusePhasesTest {
    private static final long S = 1_000_000_000L;
    private final AbusePhases phases = new AbusePhases(100 * S, 30 * S, 2 * S);

    @Test
    void theFirstPhaseIsTheControlThenAbuseAlternates() {
        assertEquals(Phase.BEFORE, phases.classify(99 * S));
        assertEquals(Phase.OFF, phases.classify(100 * S));
        assertEquals(Phase.OFF, phases.classify(129 * S));
        assertEquals(Phase.ON, phases.classify(133 * S));
        assertEquals(Phase.OFF, phases.classify(165 * S));
        assertEquals(Phase.ON, phases.classify(195 * S));
    }

    @Test
    void samplesJustAfterASwitchBelongToNeitherSide() {
        assertEquals(Phase.SETTLING, phases.classify(130 * S));
        assertEquals(Phase.SETTLING, phases.classify(131 * S));
        assertEquals(Phase.ON, phases.classify(132 * S));
        assertEquals(Phase.SETTLING, phases.classify(160 * S + 1));
    }

    @Test
    void abusersWorkThroughTheWholeOnPhaseSettlingIncluded() {
        assertFalse(phases.abuseOn(50 * S));
        assertFalse(phases.abuseOn(129 * S));
        assertTrue(phases.abuseOn(130 * S));
        assertTrue(phases.abuseOn(159 * S));
        assertFalse(phases.abuseOn(160 * S));
        assertEquals(10 * S, phases.nanosToNextSwitch(150 * S));
        assertEquals(5 * S, phases.nanosToNextSwitch(95 * S));
    }
}
