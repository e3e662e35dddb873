package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.storm.LeakWatch;
import dev.syncbench.simulations.storm.MassReconnect;
import dev.syncbench.simulations.target.ResourceSample;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StormJudgeTest {
    private static final StormBaseline LIMITS = new StormBaseline("test", "default", 1_000, 4, 2, 8, 0);
    private static final ResourceSample BEFORE = new ResourceSample(0, -1, 300, 70, 18, 40, 0, -1);

    private static MassReconnect.Result reconnect(int reconnected, int incomplete, Map<String, Long> failures) {
        return new MassReconnect.Result(1_000, 1_000, Map.of(), 500, Map.of(), reconnected, failures, incomplete,
                incomplete == 0 ? List.of() : List.of("client 7: 3 records missing, 0 with another value (k-1 missing)"),
                new Histogram(3), 0.4, 0.6);
    }

    private static LeakWatch.Settled after(long fds, long threads, long osThreads, long connections) {
        return new LeakWatch.Settled(new ResourceSample(2, -1, 320, fds, threads, osThreads, connections, -1), 1.5);
    }

    private static StormJudge.Measured measured(long accepted, Map<String, Long> failed, MassReconnect.Result r,
                                                LeakWatch.Settled settled) {
        return new StormJudge.Measured(accepted, 20, failed, Map.of(), r, BEFORE, settled);
    }

    private static GateResult gate(List<GateResult> gates, String name) {
        return gates.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aStormServedInFullWithNothingLeftBehindPasses() {
        List<GateResult> gates = StormJudge.gates(measured(40_000, Map.of(), reconnect(1_000, 0, Map.of()),
                after(72, 18, 44, 0)), LIMITS);
        assertTrue(gates.stream().allMatch(GateResult::passed), gates.toString());
        assertTrue(gate(gates, "handshakes_per_sec").message().startsWith("2000 handshakes/s"),
                gate(gates, "handshakes_per_sec").message());
    }

    @Test
    void tooFewHandshakesPerSecondOrOneFailedHandshakeFails() {
        assertFalse(gate(StormJudge.gates(measured(19_000, Map.of(), reconnect(1_000, 0, Map.of()),
                after(70, 18, 40, 0)), LIMITS), "handshakes_per_sec").passed(), "950/s is under 1,000/s");
        GateResult failed = gate(StormJudge.gates(measured(40_000, Map.of("AUTH: no AUTH_ACK within 5 s", 1L),
                reconnect(1_000, 0, Map.of()), after(70, 18, 40, 0)), LIMITS), "no_failed_handshakes");
        assertFalse(failed.passed());
        assertTrue(failed.message().contains("no AUTH_ACK within 5 s"), failed.message());
    }

    @Test
    void aSubscriberNotBackOrMissingARecordWrittenWhileAwayFails() {
        assertFalse(gate(StormJudge.gates(measured(40_000, Map.of(), reconnect(999, 0,
                Map.of("connect: Connection refused", 1L)), after(70, 18, 40, 0)), LIMITS), "reconnect_all_back")
                .passed());
        GateResult lost = gate(StormJudge.gates(measured(40_000, Map.of(), reconnect(1_000, 1, Map.of()),
                after(70, 18, 40, 0)), LIMITS), "reconnect_nothing_lost");
        assertFalse(lost.passed());
        assertTrue(lost.message().contains("k-1 missing"), lost.message());
    }

    @Test
    void socketsThreadsOrConnectionsLeftBeyondTheSlackFail() {
        GateResult fds = gate(StormJudge.gates(measured(40_000, Map.of(), reconnect(1_000, 0, Map.of()),
                after(75, 18, 40, 0)), LIMITS), "no_leaks");
        assertFalse(fds.passed(), "5 fds more than before, 4 allowed");
        assertTrue(fds.message().contains("open fds 70 -> 75"), fds.message());
        assertFalse(gate(StormJudge.gates(measured(40_000, Map.of(), reconnect(1_000, 0, Map.of()),
                after(70, 21, 40, 0)), LIMITS), "no_leaks").passed());
        assertFalse(gate(StormJudge.gates(measured(40_000, Map.of(), reconnect(1_000, 0, Map.of()),
                after(70, 18, 40, 1)), LIMITS), "no_leaks").passed());
        assertFalse(gate(StormJudge.gates(measured(40_000, Map.of(), reconnect(1_000, 0, Map.of()),
                after(-1, 18, 40, 0)), LIMITS), "no_leaks").passed(), "an unread figure cannot pass");
    }
}
