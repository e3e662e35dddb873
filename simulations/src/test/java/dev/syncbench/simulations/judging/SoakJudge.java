package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.target.ResourceSample;
import dev.syncbench.simulations.target.StoreCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges a soak: no sampled series may climb faster than its stated slope once the warm-up is
 * over, and the steady load must have lost nothing on the way: every write answered, the store
 * holding each key's last acknowledged value, every subscriber every write, the topic subscriber
 * every message, and every connection that came and went served.
 */
public final class SoakJudge {
    private SoakJudge() {
    }

    /** What the clients counted; {@code eventsPerSubscriber} holds -1 for a subscriber the server closed. */
    public record Counts(long sentOps, long ackedOps, long failedOps, List<Long> eventsPerSubscriber,
                         List<String> subscribersEnded, long published, long topicReceived, long topicFailures,
                         long churnCycles, long churnFailures, String lastChurnFailure, long expectedKeys,
                         StoreCheck store) {
    }

    /** The least-squares trend of every series with a stated slope, after the warm-up. */
    public static Map<String, Trend> trends(List<ResourceSample> samples, SoakBaseline baseline) {
        Map<String, Trend> trends = new LinkedHashMap<>();
        for (ResourceSample.Series series : ResourceSample.SERIES) {
            List<Trend.Point> points = samples.stream()
                    .filter(sample -> series.value().applyAsDouble(sample) >= 0)
                    .map(sample -> new Trend.Point(sample.atSecs(), series.value().applyAsDouble(sample)))
                    .toList();
            trends.put(series.name(), Trend.fit(points, baseline.warmupSecs()));
        }
        return trends;
    }

    public static List<GateResult> gates(Map<String, Trend> trends, SoakBaseline baseline, long writeP99Us,
                                         Counts counts) {
        List<GateResult> gates = new ArrayList<>();
        baseline.maxSlopePerMinute().forEach((series, max) -> {
            Trend trend = trends.get(series);
            if (trend == null || trend.points() < 3) {
                gates.add(GateResult.check("trend_" + series, false, "fewer than 3 samples of " + series
                        + " after the " + (long) baseline.warmupSecs() + " s warm-up: no trend can be judged"));
                return;
            }
            gates.add(GateResult.withFigures("trend_" + series, trend.slopePerMinute() <= max,
                    String.format(Locale.ROOT, "%+.3f per minute over %d samples (%.1f -> %.1f), at most %+.3f",
                            trend.slopePerMinute(), trend.points(), trend.first(), trend.last(), max)));
        });
        gates.add(GateResult.check("write_p99_us", writeP99Us >= 0 && writeP99Us <= baseline.maxWriteP99Us(),
                writeP99Us < 0 ? "no write was acknowledged"
                        : "write p99 " + writeP99Us + " µs > " + baseline.maxWriteP99Us() + " µs"));
        long unanswered = counts.sentOps() - counts.ackedOps() - counts.failedOps();
        gates.add(GateResult.check("writes_answered", counts.failedOps() == 0 && unanswered == 0,
                counts.failedOps() + " ops refused or rejected, " + unanswered + " unanswered within 5 s, of "
                        + counts.sentOps() + " sent"));
        StoreCheck store = counts.store();
        gates.add(store.known()
                ? GateResult.check("nothing_lost", store.wrongCount() == 0 && store.storedKeys() == counts.expectedKeys(),
                        store.storedKeys() + " keys stored, " + counts.expectedKeys() + " written; " + store.wrongCount()
                                + " of " + store.sampled() + " keys without their last acknowledged value " + store.wrong())
                : GateResult.check("nothing_lost", false, "the store could not be read back: " + store.source()));
        List<String> short_ = new ArrayList<>();
        for (int i = 0; i < counts.eventsPerSubscriber().size(); i++) {
            long events = counts.eventsPerSubscriber().get(i);
            String ended = counts.subscribersEnded().get(i);
            if (ended != null) {
                short_.add("subscriber " + i + " ended: " + ended);
            } else if (events < counts.ackedOps() || events > counts.sentOps()) {
                short_.add("subscriber " + i + " got " + events + " events");
            }
        }
        gates.add(GateResult.check("subscribers_got_every_write", short_.isEmpty(), short_.size()
                + " subscribers missed writes (expected " + counts.ackedOps() + " to " + counts.sentOps() + " events each): "
                + short_.subList(0, Math.min(3, short_.size()))));
        gates.add(GateResult.check("topic_messages_delivered",
                counts.topicFailures() == 0 && counts.topicReceived() == counts.published(),
                counts.topicReceived() + " of " + counts.published() + " TOPIC_PUBs delivered, " + counts.topicFailures()
                        + " connection failures"));
        gates.add(GateResult.check("churn_served", counts.churnFailures() == 0,
                counts.churnFailures() + " of " + (counts.churnCycles() + counts.churnFailures())
                        + " connect-authenticate-PING-close cycles failed, last: " + counts.lastChurnFailure()));
        return gates;
    }
}
