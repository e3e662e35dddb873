package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.target.ResourceSample;
import dev.syncbench.simulations.target.StoreCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoakJudgeTest {
    private static final SoakBaseline BASELINE = new SoakBaseline("test", "default", 30,
            Map.of("heap_after_gc_mib", 2.0, "open_fds", 1.0), 50_000);

    private static List<ResourceSample> samples(double heapPerMinute) {
        List<ResourceSample> samples = new ArrayList<>();
        for (int s = 0; s <= 300; s += 10) {
            double heap = s < 30 ? 10 + s : 100 + heapPerMinute * s / 60.0; // the warm-up climbs, then steady
            samples.add(new ResourceSample(s, heap, 300, 40 + (s / 10) % 3, 30, 35, 58, 2_000));
        }
        return samples;
    }

    private static SoakJudge.Counts clean() {
        return new SoakJudge.Counts(10_000, 10_000, 0, List.of(10_000L, 10_000L), Arrays.asList(null, null), 500, 500,
                0, 120, 0, null, 1_000, new StoreCheck(1_000, 1_000, List.of(), 0));
    }

    private static GateResult gate(List<GateResult> gates, String name) {
        return gates.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aSteadyRunPassesEveryGate() {
        List<GateResult> gates = SoakJudge.gates(SoakJudge.trends(samples(0), BASELINE), BASELINE, 3_000, clean());
        assertTrue(gates.stream().allMatch(GateResult::passed), gates.toString());
        assertEquals(List.of("trend_heap_after_gc_mib", "trend_open_fds"),
                gates.stream().map(GateResult::name).filter(n -> n.startsWith("trend_")).sorted().toList());
    }

    @Test
    void aHeapClimbingFasterThanItsSlopeFails() {
        List<GateResult> gates = SoakJudge.gates(SoakJudge.trends(samples(5), BASELINE), BASELINE, 3_000, clean());
        GateResult heap = gate(gates, "trend_heap_after_gc_mib");
        assertFalse(heap.passed());
        assertTrue(heap.message().startsWith("+5.000 per minute"), heap.message());
        assertTrue(gate(gates, "trend_open_fds").passed());
    }

    @Test
    void tooFewSamplesAfterTheWarmUpFail() {
        List<GateResult> gates = SoakJudge.gates(SoakJudge.trends(samples(0).subList(0, 4), BASELINE), BASELINE,
                3_000, clean());
        assertFalse(gate(gates, "trend_heap_after_gc_mib").passed());
    }

    @Test
    void aLostWriteAMissedEventAndAFailedChurnEachFail() {
        SoakJudge.Counts lossy = new SoakJudge.Counts(10_000, 9_990, 0, List.of(9_990L, 9_000L),
                Arrays.asList(null, null), 500, 499, 0, 120, 1, "expected PONG, got a close 1013", 1_000,
                new StoreCheck(1_000, 1_000, List.of("s3-7 holds v=5, not 9"), 1));
        List<GateResult> gates = SoakJudge.gates(SoakJudge.trends(samples(0), BASELINE), BASELINE, 3_000, lossy);
        for (String name : List.of("writes_answered", "nothing_lost", "subscribers_got_every_write",
                "topic_messages_delivered", "churn_served")) {
            assertFalse(gate(gates, name).passed(), name);
        }
        assertTrue(gate(gates, "subscribers_got_every_write").message().contains("subscriber 1 got 9000"),
                gate(gates, "subscribers_got_every_write").message());
    }

    @Test
    void aSlowP99FailsAndAnUnreadableStoreIsNotAPass() {
        SoakJudge.Counts unread = new SoakJudge.Counts(10_000, 10_000, 0, List.of(), List.of(), 0, 0, 0, 0, 0, null,
                1_000, new StoreCheck(-1, 0, List.of(), 0, "no answer"));
        List<GateResult> gates = SoakJudge.gates(SoakJudge.trends(samples(0), BASELINE), BASELINE, 80_000, unread);
        assertFalse(gate(gates, "write_p99_us").passed());
        assertFalse(gate(gates, "nothing_lost").passed());
    }
}
