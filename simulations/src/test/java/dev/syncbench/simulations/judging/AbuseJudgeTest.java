package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.abuse.AbusePhases;
import dev.syncbench.simulations.abuse.AbuseSettings;
import dev.syncbench.simulations.abuse.ForeignWrites;
import dev.syncbench.simulations.abuse.NeverReader;
import dev.syncbench.simulations.abuse.PhaseSplit;
import dev.syncbench.simulations.target.StoreCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AbuseJudgeTest {
    private static final long S = 1_000_000_000L;
    private static final AbuseSettings SETTINGS = new AbuseSettings(10, 1, 50, 1, 10, 1, 1, 100, 1000);

    /** 100 windows per phase: the off phases at {@code offUs}, the on phases at {@code onUs}, one slow outlier each. */
    private static PhaseSplit split(long offUs, long onUs, int phases) {
        PhaseSplit split = new PhaseSplit(new AbusePhases(0, 10 * S, S));
        for (int phase = 0; phase < phases; phase++) {
            long base = phase % 2 == 0 ? offUs : onUs;
            for (int i = 0; i < 100; i++) {
                split.record(phase * 10 * S + 2 * S + i * 50_000_000L, base);
            }
        }
        return split;
    }

    @Test
    void samplesGoToThePhaseTheirWindowStartedIn() {
        PhaseSplit split = split(1_000, 5_000, 4);
        split.record(10 * S + S / 2, 999_999); // settling after the first switch: in neither phase
        assertEquals(200, split.off().getTotalCount());
        assertEquals(200, split.on().getTotalCount());
        assertEquals(5_000, split.on().getValueAtPercentile(99), 5);
        assertEquals(List.of(1_000L, 1_000L), split.offPhaseP99s().stream().map(p -> (p / 10) * 10).toList());
    }

    @Test
    void p99WithinToleranceOfTheControlPasses() {
        PhaseSplit split = split(10_000, 14_000, 4);
        assertTrue(AbuseJudge.p99Gate(split.on(), split.off(), 50).passed());
    }

    @Test
    void p99BeyondToleranceFailsWithBothFigures() {
        PhaseSplit split = split(10_000, 16_000, 4);
        GateResult gate = AbuseJudge.p99Gate(split.on(), split.off(), 50);
        assertFalse(gate.passed());
        assertTrue(gate.message().contains("16007µs") || gate.message().contains("p99 with abuse 16"), gate.message());
    }

    @Test
    void aRunWithoutAnOnPhaseCannotPass() {
        PhaseSplit split = split(10_000, 10_000, 1);
        GateResult gate = AbuseJudge.p99Gate(split.on(), split.off(), 50);
        assertFalse(gate.passed());
        assertTrue(gate.message().contains("on phases"), gate.message());
    }

    @Test
    void aNeverReaderLeftOpenFailsEvenWhenOthersWereClosed() {
        Map<String, Map<String, Long>> seen = Map.of(
                "never_reader", Map.of("closed by the server: 1013 slow consumer", 3L, NeverReader.STILL_OPEN, 1L),
                "unauthenticated_flood", Map.of("frames sent", 10L),
                "regex_subscriber", Map.of("QUERY_RESP received", 4L));
        List<GateResult> gates = AbuseJudge.gates(split(1_000, 1_000, 2), seen, SETTINGS);
        GateResult closed = gates.stream().filter(g -> g.name().equals("never_reader_closed")).findFirst().orElseThrow();
        assertFalse(closed.passed());
        assertTrue(gates.stream().filter(g -> !g.name().equals("never_reader_closed")).allMatch(GateResult::passed));
    }

    @Test
    void aNeverReaderWhoseQuerySubWasRefusedWith429CountsAsHandledAndIsReported() {
        Map<String, Map<String, Long>> seen = Map.of(
                "never_reader", Map.of(NeverReader.REFUSED, 5L),
                "unauthenticated_flood", Map.of("frames sent", 10L),
                "regex_subscriber", Map.of("QUERY_RESP received", 4L));
        GateResult closed = AbuseJudge.gates(split(1_000, 1_000, 2), seen, SETTINGS).stream()
                .filter(g -> g.name().equals("never_reader_closed")).findFirst().orElseThrow();
        assertTrue(closed.passed(), closed.message());
        assertTrue(closed.message().contains("5 QUERY_SUBs refused with 429"), closed.message());
    }

    @Test
    void aRefusedNeverReaderDoesNotExcuseOneLeftOpen() {
        Map<String, Map<String, Long>> seen = Map.of(
                "never_reader", Map.of(NeverReader.REFUSED, 5L, NeverReader.STILL_OPEN, 1L),
                "unauthenticated_flood", Map.of("frames sent", 10L),
                "regex_subscriber", Map.of("QUERY_RESP received", 4L));
        GateResult closed = AbuseJudge.gates(split(1_000, 1_000, 2), seen, SETTINGS).stream()
                .filter(g -> g.name().equals("never_reader_closed")).findFirst().orElseThrow();
        assertFalse(closed.passed(), closed.message());
    }

    @Test
    void aRegexQueryStoppedByTheBudgetCountsAsAnswered() {
        Map<String, Map<String, Long>> seen = Map.of(
                "never_reader", Map.of(NeverReader.REFUSED, 1L),
                "unauthenticated_flood", Map.of("frames sent", 10L),
                "regex_subscriber", Map.of("ERROR 429 query 'regex-1' on map 'bench' ended: its user exceeded the budget", 2L,
                        "ERROR 500 query 'regex-2' ended", 1L));
        GateResult answered = AbuseJudge.gates(split(1_000, 1_000, 2), seen, SETTINGS).stream()
                .filter(g -> g.name().equals("regex_queries_answered")).findFirst().orElseThrow();
        assertTrue(answered.passed(), answered.message());
    }

    @Test
    void abusersThatDidNothingFailTheRun() {
        List<GateResult> gates = AbuseJudge.gates(split(1_000, 1_000, 2), Map.of(), SETTINGS);
        assertEquals(3, gates.stream().filter(g -> !g.passed()).count(), gates.toString());
    }

    @Test
    void foreignKeysAreTakenOffTheStoreCountAndDoubtOnlyWhereNeeded() {
        ForeignWrites writes = new ForeignWrites();
        writes.sent(List.of("a", "b", "c"));
        writes.acknowledged(List.of("a", "b"));
        StoreCheck store = new StoreCheck(103, 0, List.of(), 0);
        assertEquals(100, writes.withoutForeignKeys(store, 100, 0).storedKeys()); // c was stored too
        assertEquals(101, writes.withoutForeignKeys(new StoreCheck(103, 0, List.of(), 0), 100, 1).storedKeys());
        assertEquals(99, writes.withoutForeignKeys(new StoreCheck(101, 0, List.of(), 0), 100, 0).storedKeys());
    }

}
