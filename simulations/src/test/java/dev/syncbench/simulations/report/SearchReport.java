package dev.syncbench.simulations.report;

import dev.syncbench.simulations.judging.Baseline;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.judging.SearchBaseline;
import dev.syncbench.simulations.judging.SearchResult;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.search.SearchSettings;
import java.io.PrintStream;
import java.time.Instant;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Prints a search run as a TopGun-style µs table and builds its JSON summary. */
public final class SearchReport {
    public static final String LABEL = "search";

    private SearchReport() {
    }

    public static void print(PrintStream out, SearchSettings settings, String target, SearchResult result) {
        LoadSettings common = settings.common();
        out.println();
        out.println("=== syncbench " + LABEL + " against " + target + " ===");
        out.printf(Locale.ROOT, "writers %d (a batch of %d ops every %d ms, %.0f ops/s offered), searchers %d "
                        + "(pause %d ms), live subscribers %d on %d topics (every %d-th write matches one), "
                        + "duration %d s%n", settings.writers(), common.batchSize(), common.intervalMs(),
                settings.offeredWritesPerSec(), settings.searchers(), settings.searchPauseMs(), settings.subscribers(),
                settings.topics(), settings.matchEvery(), common.durationSecs());
        LatencyTable.printHeader(out);
        LatencyTable.printRow(out, "search_latency", result.searchHistogram());
        LatencyTable.printRow(out, "delivery_latency", result.deliveryHistogram());
        LatencyTable.printRow(out, "write_latency", result.ackHistogram());
        out.printf(Locale.ROOT, "searches/sec: %.0f (%d SEARCHes answered in %.1f s, %.1f hits each; %d sent)%n",
                result.searchOpsPerSec(), result.searchesAnswered(), result.searchSeconds(),
                result.searchesAnswered() == 0 ? 0.0 : (double) result.hits() / result.searchesAnswered(),
                result.searchesSent());
        out.printf(Locale.ROOT, "writes/sec: %.0f (%d write ops acknowledged in %.1f s; %d sent, %d batches not "
                + "sent)%n", result.writesOpsPerSec(), result.ackedOps(), result.writeSeconds(), result.sentOps(),
                result.unsentBatches());
        if (result.serverCpuUs() >= 0) {
            out.printf(Locale.ROOT, "server CPU: %.1f µs per acknowledged write, searches and live passes included "
                    + "(%.0f%% of one core over the writes' %.1f s)%n", result.serverCpuUsPerWrite(),
                    result.serverCpuPctOfCore(), result.writeSeconds());
        } else {
            out.println("server CPU: not measured: the server shares this JVM with Gatling (-Dtarget=jar runs it "
                    + "as its own process)");
        }
        IntSummaryStatistics perSubscriber = result.receivedPerSubscriber().stream()
                .mapToInt(Integer::intValue).summaryStatistics();
        if (perSubscriber.getCount() == 0) {
            out.println("live deliveries: no live subscribers");
        } else {
            out.printf(Locale.ROOT, "live deliveries: %d expected (acknowledged matching writes, per subscriber), %d "
                            + "missed; received per subscriber: min %d, max %d%n", result.expectedDeliveries(),
                    result.missedDeliveries(), perSubscriber.getMin(), perSubscriber.getMax());
        }
        result.lostSubscribers().entrySet().stream().limit(5).forEach(lost ->
                out.println("subscriber " + lost.getKey() + " was closed by the server: " + lost.getValue()));
        result.searchErrors().forEach((description, count) ->
                out.println("search errors: " + count + " x " + description));
        result.otherFrames().forEach((description, count) ->
                out.println("unexpected frames: " + count + " x " + description));
        out.println(result.appliedOps() >= 0
                ? "nothing lost: server applied " + result.appliedOps() + " ops, writers sent " + result.sentOps()
                : "nothing lost: not checked on the server (it does not report applied ops); writers sent "
                        + result.sentOps() + " ops");
        LatencyTable.printVerdict(out, result.gates(), result.warnings());
    }

    /**
     * TopGun's report shape (headline latency = search latency, ops = answered searches) with the
     * harness's provenance, plus the write and live-delivery figures.
     */
    public static Map<String, Object> summary(SearchSettings settings, SearchBaseline baseline, String target,
                                              String simulation, SearchResult result, Instant startedAt) {
        int batchSize = settings.common().batchSize();
        RunResult asRun = new RunResult(LABEL, result.searchesAnswered(), result.searchSeconds(),
                result.searchOpsPerSec(), result.searchHistogram(),
                List.of(new RunResult.NamedHistogram("search_latency", result.searchHistogram()),
                        new RunResult.NamedHistogram("delivery_latency", result.deliveryHistogram()),
                        new RunResult.NamedHistogram("write_latency", result.ackHistogram())),
                result.sentOps(), result.appliedOps(), result.sentOps() / batchSize, result.ackedOps() / batchSize,
                result.unsentBatches(), settings.writers() + settings.searchers(), result.otherFrames(),
                result.gates(), result.warnings(), RunResult.Counts.NONE, RunResult.Counts.NONE, Map.of(), 0, 0);
        SearchBaseline.Floors floors = baseline.floors();
        Baseline asBaseline = new Baseline(baseline.source(), baseline.profile(),
                new Baseline.Floors(floors.minSearchOpsPerSec(), 0, floors.minAckedPct()),
                20, Optional.empty());
        Map<String, Object> json = RunSummary.of(settings.common(), asBaseline, target, simulation, asRun, startedAt);
        json.put("scenario", SearchBaseline.KEY);
        json.put("connections", settings.writers() + settings.searchers() + settings.subscribers());
        Map<String, Object> searches = new LinkedHashMap<>();
        searches.put("sent", result.searchesSent());
        searches.put("answered", result.searchesAnswered());
        searches.put("answered_empty", result.searchesEmpty());
        searches.put("hits", result.hits());
        searches.put("errors", result.searchErrors());
        json.put("searches", searches);
        Map<String, Object> writes = new LinkedHashMap<>();
        writes.put("ops_per_sec", Math.round(result.writesOpsPerSec()));
        writes.put("acked_ops", result.ackedOps());
        writes.put("write_secs", Math.round(result.writeSeconds() * 1000) / 1000.0);
        writes.put("server_cpu_us_per_write", result.serverCpuUs() < 0 ? null
                : Math.round(result.serverCpuUsPerWrite() * 1000) / 1000.0);
        writes.put("server_cpu_pct_of_one_core", result.serverCpuUs() < 0 ? null
                : Math.round(result.serverCpuPctOfCore() * 10) / 10.0);
        json.put("writes", writes);
        Map<String, Object> deliveries = new LinkedHashMap<>();
        deliveries.put("expected", result.expectedDeliveries());
        deliveries.put("missed", result.missedDeliveries());
        deliveries.put("received_per_subscriber", result.receivedPerSubscriber());
        deliveries.put("subscribers_closed_by_server", result.lostSubscribers());
        json.put("live_deliveries", deliveries);
        if (json.get("provenance") instanceof Map<?, ?> provenance) {
            @SuppressWarnings("unchecked")
            Map<String, Object> writable = (Map<String, Object>) provenance;
            writable.put("parameters", settings.asMap());
            writable.put("baseline", Map.of("profile", baseline.profile(), "key", SearchBaseline.KEY,
                    "floors", floors));
        }
        return json;
    }
}
