package dev.syncbench.simulations.report;

import dev.syncbench.simulations.fanout.FanOutSettings;
import dev.syncbench.simulations.judging.Baseline;
import dev.syncbench.simulations.judging.FanOutBaseline;
import dev.syncbench.simulations.judging.FanOutResult;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.load.LoadSettings;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;

/** Prints a fan-out run as a TopGun-style µs table and builds its JSON summary. */
public final class FanOutReport {
    public static final String LABEL = "live-query-fan-out";

    private FanOutReport() {
    }

    public static void print(PrintStream out, FanOutSettings settings, String target, FanOutResult result) {
        LoadSettings common = settings.common();
        out.println();
        out.println("=== syncbench " + LABEL + " against " + target + " ===");
        out.printf(Locale.ROOT, "writers %d (fire-and-wait, interval %d ms, batch %d ops), subscribers %d, "
                        + "duration %d s after a %d s warm-up%n", settings.writers(), common.intervalMs(),
                common.batchSize(), settings.subscribers(), common.durationSecs(), settings.warmupSecs());
        LatencyTable.printHeader(out);
        LatencyTable.printRow(out, "delivery_latency", result.deliveryHistogram());
        LatencyTable.printRow(out, "write_latency", result.ackHistogram());
        out.printf(Locale.ROOT, "ops/sec: %.0f (%d write ops sent after the warm-up acknowledged in %.1f s)%n",
                result.writesOpsPerSec(), result.measuredOps(), result.writeSeconds());
        Capacity.of(result.writesOpsPerSec()).print(out);
        out.printf(Locale.ROOT, "events/sec: %.0f (%d SERVER_EVENTs of those writes to %d subscribers in %.1f s)%n",
                result.eventsPerSec(), result.measuredEvents(), settings.subscribers(), result.eventSeconds());
        LongSummaryStatistics perSubscriber = result.eventsPerSubscriber().stream()
                .mapToLong(Long::longValue).summaryStatistics();
        out.printf(Locale.ROOT, "events per subscriber: min %d, max %d, expected %d each (%s); "
                        + "QUERY_UPDATEs %d%n", perSubscriber.getMin(), perSubscriber.getMax(),
                result.expectedEvents(), result.appliedOps() >= 0 ? "ops the server applied" : "ops the writers sent",
                result.queryUpdates());
        out.printf(Locale.ROOT, "writes: %d ops sent, %d acked, %d batches not sent (socket closed); "
                        + "writers authenticated: %d of %d%n", result.sentOps(), result.ackedOps(),
                result.unsentBatches(), result.authenticatedWriters(), settings.writers());
        result.lostSubscribers().entrySet().stream().limit(5).forEach(lost ->
                out.println("subscriber " + lost.getKey() + " was closed by the server: " + lost.getValue()));
        if (result.lostSubscribers().size() > 5) {
            out.println("... and " + (result.lostSubscribers().size() - 5) + " more subscribers were closed");
        }
        result.otherFrames().forEach((description, count) ->
                out.println("unexpected frames: " + count + " x " + description));
        out.println(result.appliedOps() >= 0
                ? "nothing lost: server applied " + result.appliedOps() + " ops, writers sent " + result.sentOps()
                : "nothing lost: not checked on the server (it does not report applied ops); writers sent "
                        + result.sentOps() + " ops");
        LatencyTable.printVerdict(out, result.gates(), result.warnings());
    }

    /**
     * TopGun's report shape (headline latency = delivery latency, ops = acknowledged writes) with the
     * harness's provenance, plus the fan-out figures.
     */
    public static Map<String, Object> summary(FanOutSettings settings, FanOutBaseline baseline, String target,
                                              String simulation, FanOutResult result, Instant startedAt) {
        RunResult asRun = new RunResult(LABEL, result.measuredOps(), result.writeSeconds(), result.writesOpsPerSec(),
                result.deliveryHistogram(),
                List.of(new RunResult.NamedHistogram("delivery_latency", result.deliveryHistogram()),
                        new RunResult.NamedHistogram("write_latency", result.ackHistogram())),
                result.sentOps(), result.appliedOps(), result.sentOps() / settings.common().batchSize(),
                result.ackedOps() / settings.common().batchSize(), result.unsentBatches(),
                result.authenticatedWriters(), result.otherFrames(), result.gates(), result.warnings(),
                RunResult.Counts.NONE, RunResult.Counts.NONE, Map.of(), 0, 0);
        Baseline asBaseline = new Baseline(baseline.source(), baseline.profile(),
                new Baseline.Floors(baseline.floors().minWritesOpsPerSec(), baseline.floors().maxDeliveryP50Us(),
                        baseline.floors().minAckedPct()), baseline.regressionTolerancePct(), Optional.empty());
        Map<String, Object> json = RunSummary.of(settings.common(), asBaseline, target, simulation, asRun, startedAt);
        json.put("scenario", FanOutBaseline.KEY);
        json.put("connections", settings.writers() + settings.subscribers());
        json.put("writers", settings.writers());
        json.put("subscribers", settings.subscribers());
        Map<String, Object> events = new LinkedHashMap<>();
        events.put("events_per_sec", Math.round(result.eventsPerSec()));
        events.put("total", result.totalEvents());
        events.put("measured", result.measuredEvents());
        events.put("expected_per_subscriber", result.expectedEvents());
        events.put("per_subscriber", result.eventsPerSubscriber());
        events.put("query_updates", result.queryUpdates());
        events.put("event_secs", Math.round(result.eventSeconds() * 1000) / 1000.0);
        events.put("subscribers_closed_by_server", result.lostSubscribers());
        json.put("events", events);
        if (json.get("provenance") instanceof Map<?, ?> provenance) {
            @SuppressWarnings("unchecked")
            Map<String, Object> writable = (Map<String, Object>) provenance;
            writable.put("parameters", settings.asMap());
            writable.put("baseline", Map.of("profile", baseline.profile(),
                    "key", FanOutBaseline.KEY, "floors", baseline.floors()));
        }
        return json;
    }
}
