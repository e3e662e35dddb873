package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.fanout.FanOutMetrics;
import dev.syncbench.simulations.fanout.FanOutSettings;
import dev.syncbench.simulations.fanout.FanOutSubscriber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Turns a fan-out run's metrics and subscriber counts into a {@link FanOutResult}: figures, gates, warnings. */
public final class FanOutJudge {
    private FanOutJudge() {
    }

    public static FanOutResult judge(FanOutSettings settings, FanOutBaseline baseline, FanOutMetrics metrics,
                                     List<FanOutSubscriber.Tally> subscribers, long appliedOps,
                                     boolean appliedIsGate) {
        int batchSize = settings.common().batchSize();
        long sentOps = metrics.sentBatches() * batchSize;
        long ackedOps = metrics.ackedBatches() * batchSize;
        long measuredOps = metrics.measuredAckedBatches() * batchSize;
        long expected = appliedOps >= 0 ? appliedOps : sentOps;
        List<Long> counts = new ArrayList<>();
        Map<Integer, String> lost = new LinkedHashMap<>();
        long updates = 0;
        for (int i = 0; i < subscribers.size(); i++) {
            FanOutSubscriber.Tally subscriber = subscribers.get(i);
            counts.add(subscriber.events());
            updates += subscriber.updates();
            if (subscriber.lostBecause() != null) {
                lost.put(i, subscriber.lostBecause());
            }
        }
        double writeSeconds = metrics.writeSeconds();
        double eventSeconds = metrics.eventSeconds();
        double writesOpsPerSec = writeSeconds > 0 ? measuredOps / writeSeconds : 0;
        double eventsPerSec = eventSeconds > 0 ? metrics.measuredEvents() / eventSeconds : 0;
        Histogram acks = metrics.ackHistogram();
        Histogram deliveries = metrics.deliveryHistogram();
        FanOutBaseline.Floors floors = baseline.floors();

        List<GateResult> gates = new ArrayList<>();
        gates.add(GateResult.check("writes_ops_per_sec", writesOpsPerSec >= floors.minWritesOpsPerSec(),
                String.format(Locale.ROOT, "%.0f write ops/s < %.0f", writesOpsPerSec, floors.minWritesOpsPerSec())));
        gates.add(GateResult.check("events_per_sec", eventsPerSec >= floors.minEventsPerSec(),
                String.format(Locale.ROOT, "%.0f events/s < %.0f", eventsPerSec, floors.minEventsPerSec())));
        gates.add(Gates.p50("delivery_p50_us", deliveries, floors.maxDeliveryP50Us(), "no event was delivered"));
        gates.add(Gates.p50("write_p50_us", acks, floors.maxWriteP50Us(), "no write was acknowledged"));
        gates.add(Gates.ackedRatio(metrics.sentBatches(), metrics.ackedBatches(), floors.minAckedPct()));
        List<String> shortfalls = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            FanOutSubscriber.Tally tally = subscribers.get(i);
            if (counts.get(i) != expected || tally.distinct() != expected || tally.duplicates() > 0
                    || tally.foreign() > 0) {
                shortfalls.add("subscriber " + i + " got " + counts.get(i) + " events, " + tally.distinct()
                        + " distinct writes, " + tally.duplicates() + " duplicates"
                        + (tally.foreign() > 0 ? ", " + tally.foreign() + " of writes not of this run" : "")
                        + (lost.containsKey(i) ? " (closed: " + lost.get(i) + ")" : ""));
            }
        }
        gates.add(GateResult.check("every_event_delivered", shortfalls.isEmpty() && expected > 0,
                expected == 0 ? "no write was applied, so nothing could be delivered"
                        : shortfalls.size() + " of " + counts.size() + " subscribers did not receive each write exactly once (expected "
                        + expected + " each): " + String.join("; ", shortfalls.subList(0, Math.min(5, shortfalls.size())))));
        List<String> warnings = new ArrayList<>();
        Gates.nothingLost(appliedOps, sentOps, appliedIsGate, "writers", gates, warnings);
        baseline.reference().ifPresent(reference -> compare(reference, baseline.regressionTolerancePct(), settings,
                writesOpsPerSec, eventsPerSec, deliveries, warnings));
        return new FanOutResult(writeSeconds, writesOpsPerSec, measuredOps, eventSeconds, eventsPerSec,
                metrics.measuredEvents(), acks, deliveries, sentOps, ackedOps, appliedOps, metrics.unsentBatches(), metrics.authenticatedWriters(), expected, counts,
                updates, lost, metrics.otherFrames(), gates, warnings);
    }

    private static void compare(FanOutBaseline.Reference reference, double tolerancePct, FanOutSettings settings,
                                double writesOpsPerSec, double eventsPerSec, Histogram deliveries,
                                List<String> warnings) {
        java.util.Optional<String> difference = RunIdentity.of(settings.common(), settings.asMap())
                .differenceFrom(reference.run());
        if (difference.isPresent()) {
            warnings.add(RunIdentity.noReference(reference.machine(), reference.date(), difference.get()));
            return;
        }
        double factor = tolerancePct / 100;
        String where = " (" + reference.machine() + ", " + reference.date() + ")";
        if (writesOpsPerSec < reference.writesOpsPerSec() * (1 - factor)) {
            warnings.add(String.format(Locale.ROOT, "WARNING: %.0f write ops/s is more than %.0f%% below the "
                    + "reference %.0f%s", writesOpsPerSec, tolerancePct, reference.writesOpsPerSec(), where));
        }
        if (eventsPerSec < reference.eventsPerSec() * (1 - factor)) {
            warnings.add(String.format(Locale.ROOT, "WARNING: %.0f events/s is more than %.0f%% below the "
                    + "reference %.0f%s", eventsPerSec, tolerancePct, reference.eventsPerSec(), where));
        }
        if (deliveries.getTotalCount() > 0 && reference.deliveryP50Us() > 0) {
            long p50 = deliveries.getValueAtPercentile(50);
            if (p50 > reference.deliveryP50Us() * (1 + factor)) {
                warnings.add(String.format(Locale.ROOT, "WARNING: delivery p50 %dµs is more than %.0f%% above the "
                        + "reference %dµs%s", p50, tolerancePct, reference.deliveryP50Us(), where));
            }
        }
    }
}
