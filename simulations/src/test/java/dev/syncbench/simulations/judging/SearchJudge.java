package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.search.MatchLedger;
import dev.syncbench.simulations.search.SearchMetrics;
import dev.syncbench.simulations.search.SearchSettings;
import dev.syncbench.simulations.search.WrittenMatches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Turns a search run's metrics and subscriber ledgers into a {@link SearchResult}: figures and gates.
 * A subscriber must have received every acknowledged write carrying its topic word, and nothing
 * else: no key that was not written with its word, no ENTER twice, no LEAVE.
 */
public final class SearchJudge {
    private SearchJudge() {
    }

    public static SearchResult judge(SearchSettings settings, SearchBaseline baseline, SearchMetrics metrics,
                                     List<MatchLedger.Tally> subscribers, WrittenMatches written, long appliedOps,
                                     boolean appliedIsGate, double serverCpuUs) {
        int batchSize = settings.common().batchSize();
        long sentOps = metrics.sentBatches() * batchSize;
        long ackedOps = metrics.ackedBatches() * batchSize;
        SearchBaseline.Floors floors = baseline.floors();
        Histogram searches = metrics.searchHistogram();
        Histogram deliveries = metrics.deliveryHistogram();
        Histogram acks = metrics.ackHistogram();
        double searchSeconds = metrics.searchSeconds();
        double searchOpsPerSec = searchSeconds > 0 ? metrics.searchesAnswered() / searchSeconds : 0;
        double writeSeconds = metrics.writeSeconds();
        double writesOpsPerSec = writeSeconds > 0 ? ackedOps / writeSeconds : 0;

        List<GateResult> gates = new ArrayList<>();
        if (settings.searchers() == 0) {
            gates.add(GateResult.notApplicable("search_ops_per_sec", "no searchers (-Dsearch.searchers=0)"));
            gates.add(GateResult.notApplicable("search_p99_us", "no searchers (-Dsearch.searchers=0)"));
        } else {
            gates.add(GateResult.check("search_ops_per_sec", searchOpsPerSec >= floors.minSearchOpsPerSec(),
                    String.format(Locale.ROOT, "%.0f searches/s < %.0f", searchOpsPerSec, floors.minSearchOpsPerSec())));
            gates.add(p99("search_p99_us", searches, floors.maxSearchP99Us(), "no search was answered"));
            gates.add(everySearchAnswered(metrics));
        }

        long expected = 0;
        long missed = 0;
        long wrong = 0;
        List<Integer> received = new ArrayList<>();
        Map<Integer, String> lost = new LinkedHashMap<>();
        List<String> shortfalls = new ArrayList<>();
        for (int i = 0; i < subscribers.size(); i++) {
            MatchLedger.Tally tally = subscribers.get(i);
            received.add(tally.received().size());
            if (tally.lostBecause() != null) {
                lost.put(i, tally.lostBecause());
            }
            Set<String> should = written.ackedKeys(tally.topic());
            Set<String> sentWithTopic = written.sentKeys(tally.topic());
            long missing = should.stream().filter(key -> !tally.received().contains(key)).count();
            long foreign = tally.received().stream().filter(key -> !sentWithTopic.contains(key)).count();
            expected += should.size();
            missed += missing;
            boolean anomalies = foreign > 0 || tally.duplicateEnters() > 0 || tally.strayUpdates() > 0
                    || tally.leaves() > 0;
            if (anomalies) {
                wrong++;
            }
            if (missing > 0 || anomalies) {
                shortfalls.add("subscriber " + i + " (topic " + tally.topic() + ") missed " + missing + " of "
                        + should.size() + " matching writes"
                        + (foreign > 0 ? ", got " + foreign + " keys not written with its word" : "")
                        + (tally.duplicateEnters() > 0 ? ", " + tally.duplicateEnters() + " repeated ENTERs" : "")
                        + (tally.strayUpdates() > 0 ? ", " + tally.strayUpdates() + " UPDATEs of keys not in its result" : "")
                        + (tally.leaves() > 0 ? ", " + tally.leaves() + " LEAVEs" : "")
                        + (lost.containsKey(i) ? " (closed: " + lost.get(i) + ")" : ""));
            }
        }
        boolean delivered = expected > 0 && missed <= floors.maxMissedDeliveries() && wrong == 0;
        if (subscribers.isEmpty()) {
            String none = "no live subscribers (-Dsearch.subscribers=0)";
            gates.add(GateResult.notApplicable("delivery_p99_us", none));
            gates.add(GateResult.notApplicable("every_match_delivered", none));
        } else {
            gates.add(p99("delivery_p99_us", deliveries, floors.maxDeliveryP99Us(), "no matching write was delivered"));
            gates.add(GateResult.check("every_match_delivered", delivered,
                expected == 0 ? "no matching write was acknowledged, so nothing could be delivered"
                        : missed + " of " + expected + " deliveries missed (at most " + floors.maxMissedDeliveries()
                        + "), " + wrong + " subscribers told something no write caused; " + shortfalls.size() + " of "
                        + subscribers.size() + " subscribers short or wrong: "
                        + String.join("; ", shortfalls.subList(0, Math.min(5, shortfalls.size())))));
        }
        gates.add(Gates.ackedRatio(metrics.sentBatches(), metrics.ackedBatches(), floors.minAckedPct()));
        List<String> warnings = new ArrayList<>();
        Gates.nothingLost(appliedOps, sentOps, appliedIsGate, "writers", gates, warnings);
        return new SearchResult(searchSeconds, searchOpsPerSec, metrics.searchesSent(), metrics.searchesAnswered(),
                metrics.searchesEmpty(), metrics.hits(), metrics.searchErrors(), writeSeconds, writesOpsPerSec,
                searches, deliveries, acks, sentOps, ackedOps, appliedOps, metrics.unsentBatches(), expected, missed,
                received, lost, metrics.otherFrames(), serverCpuUs, gates, warnings);
    }

    /** The histogram's p99 is at most {@code maxUs}; an empty histogram fails with {@code whenEmpty}. */
    private static GateResult p99(String name, Histogram histogram, long maxUs, String whenEmpty) {
        long p99 = histogram.getTotalCount() == 0 ? -1 : histogram.getValueAtPercentile(99);
        return GateResult.check(name, p99 >= 0 && p99 <= maxUs,
                p99 < 0 ? whenEmpty : "p99 " + p99 + "µs > " + maxUs + "µs");
    }

    /** Every search was answered with hits: its terms are in acknowledged writes, which a search sees. */
    private static GateResult everySearchAnswered(SearchMetrics metrics) {
        long sent = metrics.searchesSent();
        long answered = metrics.searchesAnswered();
        long errors = metrics.searchErrors().values().stream().mapToLong(Long::longValue).sum();
        long empty = metrics.searchesEmpty();
        return GateResult.check("every_search_answered", answered == sent && empty == 0 && errors == 0,
                (sent - answered) + " of " + sent + " searches not answered with a SEARCH_RESP (" + errors
                        + " ERRORs: " + metrics.searchErrors() + "), " + empty
                        + " answered with no hit though their terms were in acknowledged writes");
    }
}
