package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.search.MatchLedger;
import dev.syncbench.simulations.search.SearchMetrics;
import dev.syncbench.simulations.search.SearchSettings;
import dev.syncbench.simulations.search.WrittenMatches;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchJudgeTest {
    private static final LoadSettings COMMON = new LoadSettings(200, 30, 50, 10, 50, null, "s",
            Path.of("baseline.json"), null, Path.of("reports"), Path.of("."));
    private static final SearchSettings SETTINGS = new SearchSettings(COMMON, 1, 1, 2, 2, 5, 300, 8, 10, 30);
    private static final SearchBaseline BASELINE = new SearchBaseline("b", "default",
            new SearchBaseline.Floors(1, 100_000, 100_000, 0, 80), "profile default");

    @Test
    void passesWhenEverySubscriberGotEveryAcknowledgedMatch() {
        SearchResult result = SearchJudge.judge(SETTINGS, BASELINE, oneBatchAndOneSearch(), List.of(
                tally(0, Set.of("w1-0", "w1-10")), tally(1, Set.of("w1-5"))), written(), 10, true, -1);
        assertTrue(result.passed(), result.gates().toString());
        assertEquals(3, result.expectedDeliveries());
        assertEquals(0, result.missedDeliveries());
        assertEquals(List.of(2, 1), result.receivedPerSubscriber());
    }

    @Test
    void oneMissedDeliveryFailsTheRunAndNamesTheSubscriber() {
        SearchResult result = SearchJudge.judge(SETTINGS, BASELINE, oneBatchAndOneSearch(), List.of(
                tally(0, Set.of("w1-0")), tally(1, Set.of("w1-5"))), written(), 10, true, -1);
        GateResult gate = gate(result, "every_match_delivered");
        assertFalse(gate.passed());
        assertTrue(gate.message().contains("1 of 3 deliveries missed"), gate.message());
        assertTrue(gate.message().contains("subscriber 0 (topic 0) missed 1 of 2 matching writes"), gate.message());
    }

    @Test
    void aWriteSentButNeverAcknowledgedNeedNotArrive() {
        WrittenMatches written = written();
        written.sent(1, "w1-15", 4);
        SearchResult result = SearchJudge.judge(SETTINGS, BASELINE, oneBatchAndOneSearch(), List.of(
                tally(0, Set.of("w1-0", "w1-10")), tally(1, Set.of("w1-5"))), written, 10, true, -1);
        assertTrue(gate(result, "every_match_delivered").passed());
    }

    @Test
    void aKeyNotWrittenWithTheSubscribersWordFailsEvenWithNothingMissed() {
        SearchResult result = SearchJudge.judge(SETTINGS, BASELINE, oneBatchAndOneSearch(), List.of(
                tally(0, Set.of("w1-0", "w1-10", "w1-5")), tally(1, Set.of("w1-5"))), written(), 10, true, -1);
        GateResult gate = gate(result, "every_match_delivered");
        assertFalse(gate.passed());
        assertTrue(gate.message().contains("got 1 keys not written with its word"), gate.message());
    }

    @Test
    void aLeaveFailsTheRun() {
        MatchLedger.Tally left = new MatchLedger.Tally(1, Set.of("w1-5"), 0, 0, 1, null);
        SearchResult result = SearchJudge.judge(SETTINGS, BASELINE, oneBatchAndOneSearch(), List.of(
                tally(0, Set.of("w1-0", "w1-10")), left), written(), 10, true, -1);
        assertTrue(gate(result, "every_match_delivered").message().contains("1 LEAVEs"));
        assertFalse(result.passed());
    }

    @Test
    void aSearchWithoutHitsForWrittenTermsFails() {
        SearchMetrics metrics = oneBatchAndOneSearch();
        metrics.searchSent(6_000_000L);
        metrics.searchAnswered(7_000_000L, 6_000_000L, 0);
        SearchResult result = SearchJudge.judge(SETTINGS, BASELINE, metrics, List.of(
                tally(0, Set.of("w1-0", "w1-10")), tally(1, Set.of("w1-5"))), written(), 10, true, -1);
        GateResult gate = gate(result, "every_search_answered");
        assertFalse(gate.passed());
        assertTrue(gate.message().contains("1 answered with no hit"), gate.message());
    }

    @Test
    void aSearchP99OverTheCeilingFails() {
        SearchMetrics metrics = oneBatchAndOneSearch();
        for (int i = 0; i < 10; i++) {
            metrics.searchSent(0);
            metrics.searchAnswered(1_000_000_000L, 0, 3); // one second each
        }
        SearchResult result = SearchJudge.judge(SETTINGS, BASELINE, metrics, List.of(
                tally(0, Set.of("w1-0", "w1-10")), tally(1, Set.of("w1-5"))), written(), 10, true, -1);
        assertFalse(gate(result, "search_p99_us").passed());
    }

    @Test
    void withoutSearchersTheSearchGatesDoNotApply() {
        SearchSettings noSearchers = new SearchSettings(COMMON, 1, 0, 2, 2, 5, 300, 8, 10, 30);
        SearchResult result = SearchJudge.judge(noSearchers, BASELINE, oneBatchAndOneSearch(), List.of(
                tally(0, Set.of("w1-0", "w1-10")), tally(1, Set.of("w1-5"))), written(), 10, true, -1);
        assertFalse(gate(result, "search_ops_per_sec").applies());
        assertTrue(result.passed(), result.gates().toString());
    }

    @Test
    void withoutSubscribersTheDeliveryGatesDoNotApplyAndTheServerCpuIsPerWrite() {
        SearchSettings noSubscribers = new SearchSettings(COMMON, 1, 1, 0, 2, 5, 300, 8, 10, 30);
        SearchResult result = SearchJudge.judge(noSubscribers, BASELINE, oneBatchAndOneSearch(), List.of(), written(),
                10, true, 250);
        assertFalse(gate(result, "every_match_delivered").applies());
        assertTrue(result.passed(), result.gates().toString());
        assertEquals(25.0, result.serverCpuUsPerWrite());
    }

    @Test
    void anAppliedCountShortOfTheSentOpsFails() {
        SearchResult result = SearchJudge.judge(SETTINGS, BASELINE, oneBatchAndOneSearch(), List.of(
                tally(0, Set.of("w1-0", "w1-10")), tally(1, Set.of("w1-5"))), written(), 9, true, -1);
        assertFalse(gate(result, "nothing_lost").passed());
    }

    /** Topic 0 matched by w1-0 and w1-10, topic 1 by w1-5; all acknowledged. */
    private static WrittenMatches written() {
        WrittenMatches written = new WrittenMatches(2);
        for (String key : List.of("w1-0", "w1-10")) {
            written.sent(0, key, 1);
            written.acked(0, key);
        }
        written.sent(1, "w1-5", 1);
        written.acked(1, "w1-5");
        return written;
    }

    /** One batch of 10 acknowledged, two deliveries, one search with hits, within about a second. */
    private static SearchMetrics oneBatchAndOneSearch() {
        SearchMetrics metrics = new SearchMetrics();
        metrics.batchSent(1_000_000L);
        metrics.batchAcked(2_000_000L, 1_000_000L);
        metrics.delivered(3_000_000L, 1_000_000L);
        metrics.delivered(4_000_000L, 1_000_000L);
        metrics.searchSent(2_000_000L);
        metrics.searchAnswered(3_000_000L, 2_000_000L, 4);
        metrics.writerDone(1_000_000_000L);
        return metrics;
    }

    private static MatchLedger.Tally tally(int topic, Set<String> received) {
        return new MatchLedger.Tally(topic, received, 0, 0, 0, null);
    }

    private static GateResult gate(SearchResult result, String name) {
        return result.gates().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }
}
