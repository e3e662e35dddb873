package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.fanout.EventIdentities;
import dev.syncbench.simulations.fanout.FanOutMetrics;
import dev.syncbench.simulations.fanout.FanOutSettings;
import dev.syncbench.simulations.fanout.FanOutSubscriber;
import dev.syncbench.simulations.load.LoadSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FanOutJudgeTest {
    private static final FanOutSettings SETTINGS = new FanOutSettings(new LoadSettings(200, 30, 50, 10, 50, null,
            "s", Path.of("baseline.json"), null, Path.of("reports"), Path.of(".")), 2, 2, 30, 0);
    private static final FanOutBaseline BASELINE = new FanOutBaseline("b", "default",
            new FanOutBaseline.Floors(1, 1, 100_000, 100_000, 80), 20, Optional.empty());

    @Test
    void passesWhenEverySubscriberGotEveryAppliedWrite() {
        FanOutResult result = FanOutJudge.judge(SETTINGS, BASELINE, twoAckedBatches(),
                List.of(new FanOutSubscriber.Tally(20, 20, null, 20, 0, 0), new FanOutSubscriber.Tally(20, 20, null, 20, 0, 0)), 20, true);
        assertTrue(result.passed(), result.gates().toString());
        assertEquals(40, result.totalEvents());
    }

    @Test
    void aSubscriberShortOfOneEventFailsTheRun() {
        FanOutResult result = FanOutJudge.judge(SETTINGS, BASELINE, twoAckedBatches(),
                List.of(new FanOutSubscriber.Tally(20, 20, null, 20, 0, 0), new FanOutSubscriber.Tally(19, 19, null, 19, 0, 0)), 20, true);
        assertFalse(result.passed());
        GateResult gate = gate(result, "every_event_delivered");
        assertFalse(gate.passed());
        assertTrue(gate.message().contains("subscriber 1 got 19 events"), gate.message());
    }

    @Test
    void oneDuplicateAndOneMissingEventFailEvenThoughTheTotalIsRight() {
        EventIdentities identities = new EventIdentities();
        for (int seq = 0; seq < 20; seq++) {
            identities.add("w1-" + (seq == 7 ? 6 : seq)); // write 7 is missing, write 6 came twice
        }
        FanOutSubscriber.Tally tally = new FanOutSubscriber.Tally(20, 20, null, identities.distinct(),
                identities.duplicates(), identities.foreign());
        FanOutResult result = FanOutJudge.judge(SETTINGS, BASELINE, twoAckedBatches(),
                List.of(new FanOutSubscriber.Tally(20, 20, null, 20, 0, 0), tally), 20, true);
        GateResult gate = gate(result, "every_event_delivered");
        assertFalse(gate.passed());
        assertTrue(gate.message().contains("subscriber 1 got 20 events, 19 distinct writes, 1 duplicates"),
                gate.message());
    }

    @Test
    void aSubscriberClosedByTheServerIsNamedWithItsReason() {
        FanOutResult result = FanOutJudge.judge(SETTINGS, BASELINE, twoAckedBatches(),
                List.of(new FanOutSubscriber.Tally(20, 20, null, 20, 0, 0), new FanOutSubscriber.Tally(3, 3, "1013 slow consumer", 3, 0, 0)),
                20, true);
        assertTrue(gate(result, "every_event_delivered").message().contains("1013 slow consumer"));
        assertEquals("1013 slow consumer", result.lostSubscribers().get(1));
    }

    @Test
    void withoutAnAppliedCountTheSentOpsAreExpected() {
        FanOutResult result = FanOutJudge.judge(SETTINGS, BASELINE, twoAckedBatches(),
                List.of(new FanOutSubscriber.Tally(20, 20, null, 20, 0, 0), new FanOutSubscriber.Tally(20, 20, null, 20, 0, 0)), -1, false);
        assertEquals(20, result.expectedEvents());
        assertTrue(result.passed(), result.gates().toString());
    }

    @Test
    void aDeliveryP50OverTheFloorFails() {
        FanOutMetrics metrics = twoAckedBatches();
        for (int i = 0; i < 40; i++) {
            metrics.delivered(1_000_000_000L, 0); // one second each
        }
        FanOutResult result = FanOutJudge.judge(SETTINGS, BASELINE, metrics,
                List.of(new FanOutSubscriber.Tally(20, 20, null, 20, 0, 0), new FanOutSubscriber.Tally(20, 20, null, 20, 0, 0)), 20, true);
        assertFalse(gate(result, "delivery_p50_us").passed());
    }

    @Test
    void writesOfTheWarmUpEnterNoRateAndNoHistogramButMustStillBeDelivered() {
        FanOutMetrics metrics = new FanOutMetrics();
        metrics.startMeasuring(0, 1_000_000_000L);
        metrics.sent(500_000_000L);
        metrics.acked(600_000_000L, 500_000_000L);
        metrics.delivered(700_000_000L, 500_000_000L);
        metrics.sent(1_000_000_000L);
        metrics.acked(1_100_000_000L, 1_000_000_000L);
        metrics.delivered(1_200_000_000L, 1_000_000_000L);
        metrics.writerDone(2_000_000_000L);
        FanOutResult result = FanOutJudge.judge(SETTINGS, BASELINE, metrics,
                List.of(new FanOutSubscriber.Tally(20, 20, null, 20, 0, 0), new FanOutSubscriber.Tally(10, 10, null, 10, 0, 0)),
                20, true);
        assertEquals(10, result.measuredOps());
        assertEquals(10.0, result.writesOpsPerSec(), 1e-9); // one measured batch over the second from 1 s to 2 s
        assertEquals(1, result.ackHistogram().getTotalCount());
        assertEquals(1, result.deliveryHistogram().getTotalCount());
        assertEquals(20, result.ackedOps());
        GateResult delivered = gate(result, "every_event_delivered");
        assertFalse(delivered.passed()); // the warm-up's write is still owed to subscriber 1
        assertTrue(delivered.message().contains("subscriber 1 got 10 events"), delivered.message());
    }

    /** Two writers' batches of 10, sent and acked within about a second. */
    private static FanOutMetrics twoAckedBatches() {
        FanOutMetrics metrics = new FanOutMetrics();
        metrics.sent(1_000_000L);
        metrics.sent(2_000_000L);
        metrics.acked(3_000_000L, 1_000_000L);
        metrics.acked(4_000_000L, 2_000_000L);
        metrics.delivered(5_000_000L, 1_000_000L);
        metrics.writerDone(1_000_000_000L);
        return metrics;
    }

    private static GateResult gate(FanOutResult result, String name) {
        return result.gates().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }
}
