package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverloadJudgeTest {
    private static final OverloadBaseline LIMITS = new OverloadBaseline("test", 2_000, 500, 5_000);

    private static OverloadJudge.Measured measured(long unanswered, Map<String, Long> errors, double peak,
                                                   double liveAtStop, long probeAfter, Map<String, Long> slowReaders) {
        return new OverloadJudge.Measured(unanswered, errors, Map.of(), peak, liveAtStop, 1_000, 400, probeAfter, 0,
                null, 2, slowReaders);
    }

    private static GateResult gate(List<GateResult> gates, String name) {
        return gates.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    private static final Map<String, Long> CLOSED = Map.of("closed by the server: 1013 slow consumer", 6L);

    @Test
    void anOverloadAnsweredBoundedAndRecoveredPasses() {
        List<GateResult> gates = OverloadJudge.gates(measured(0, Map.of("ERROR 429 rate limit exceeded", 12L), 1_500,
                900, 600, CLOSED), LIMITS);
        assertTrue(gates.stream().allMatch(GateResult::passed), gates.toString());
    }

    @Test
    void anUnansweredBatchOrAnErrorWithoutACodeFails() {
        assertFalse(gate(OverloadJudge.gates(measured(1, Map.of(), 1_500, 1_200, 600, CLOSED), LIMITS),
                "every_batch_answered").passed());
        assertFalse(gate(OverloadJudge.gates(measured(0, Map.of("ERROR something went wrong", 1L), 1_500, 1_200, 600,
                CLOSED), LIMITS), "every_batch_answered").passed());
    }

    @Test
    void aHeapOverItsCeilingOrFarAboveItsLiveDataFails() {
        assertFalse(gate(OverloadJudge.gates(measured(0, Map.of(), 2_100, 1_900, 600, CLOSED), LIMITS),
                "heap_ceiling").passed());
        GateResult inFlight = gate(OverloadJudge.gates(measured(0, Map.of(), 1_900, 1_900, 600, CLOSED), LIMITS),
                "heap_in_flight");
        assertFalse(inFlight.passed(), "900 MiB live beyond the 1,000 MiB of data applied by then");
        assertTrue(inFlight.message().contains("= 900 MiB"), inFlight.message());
        assertFalse(gate(OverloadJudge.gates(measured(0, Map.of(), 1_500, -1, 600, CLOSED), LIMITS),
                "heap_in_flight").passed());
    }

    @Test
    void aSlowRecoveryOrASlowReaderLeftOpenFails() {
        assertFalse(gate(OverloadJudge.gates(measured(0, Map.of(), 1_500, 1_200, 9_000, CLOSED), LIMITS),
                "recovery_p50_us").passed());
        assertFalse(gate(OverloadJudge.gates(measured(0, Map.of(), 1_500, 1_200, -1, CLOSED), LIMITS),
                "recovery_p50_us").passed());
        Map<String, Long> leftOpen = Map.of("closed by the server: 1013 slow consumer", 3L,
                "still open after the stall: the server never closed it", 1L);
        assertFalse(gate(OverloadJudge.gates(measured(0, Map.of(), 1_500, 1_200, 600, leftOpen), LIMITS),
                "slow_readers_closed").passed());
    }
}
