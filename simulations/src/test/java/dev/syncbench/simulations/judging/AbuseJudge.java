package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.abuse.AbuseSettings;
import dev.syncbench.simulations.abuse.AbuseTally;
import dev.syncbench.simulations.abuse.NeverReader;
import dev.syncbench.simulations.abuse.PhaseSplit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Judges the abuse run: the load's p99 while the abusers are at work is at most the p99 without
 * them times (1 + tolerance), and the abusers really did abuse (the never-reader was closed by the
 * server or refused its subscription with 429, never left open; the flood sent frames; the regex
 * queries were opened).
 */
public final class AbuseJudge {
    private AbuseJudge() {
    }

    public static List<GateResult> gates(PhaseSplit split, Map<String, Map<String, Long>> seen, AbuseSettings settings) {
        List<GateResult> gates = new ArrayList<>();
        gates.add(p99Gate(split.on(), split.off(), settings.tolerancePct()));
        if (settings.neverReaders() > 0) {
            Map<String, Long> never = seen.getOrDefault("never_reader", Map.of());
            long closedByServer = never.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("closed by the server")
                            || e.getKey().equals("socket ended without a close frame")
                            || e.getKey().startsWith("socket error"))
                    .mapToLong(Map.Entry::getValue).sum();
            long leftOpen = AbuseTally.count(never, NeverReader.STILL_OPEN);
            // a refused QUERY_SUB leaves the client nothing to hold: the server ended the abuse too
            long refused = AbuseTally.count(never, NeverReader.REFUSED);
            gates.add(GateResult.withFigures("never_reader_closed",
                    closedByServer + refused > 0 && leftOpen == 0,
                    closedByServer + " never-reader connections ended by the server ("
                            + AbuseTally.count(never, "closed by the server: 1013 slow consumer") + " with 1013), "
                            + refused + " QUERY_SUBs refused with 429, " + leftOpen + " still open after "
                            + settings.stallSecs() + " s without reading"));
        }
        if (settings.floodConnections() > 0) {
            long frames = AbuseTally.count(seen.getOrDefault("unauthenticated_flood", Map.of()), "frames sent");
            gates.add(GateResult.check("flood_sent", frames > 0, "the unauthenticated flood sent no frame"));
        }
        if (settings.regexSubscribers() > 0) {
            // the server did the regex work either way: a snapshot, or a scan stopped by the query budget
            Map<String, Long> regex = seen.getOrDefault("regex_subscriber", Map.of());
            long answered = AbuseTally.count(regex, "QUERY_RESP received") + AbuseTally.countStartingWith(regex, "ERROR 429 ");
            gates.add(GateResult.check("regex_queries_answered", answered > 0,
                    "no regex/LIKE query was answered, with a snapshot or with the query budget's ERROR 429"));
        }
        return gates;
    }

    /** p99 on ≤ p99 off × (1 + tolerance); fails when either side has no sample. */
    static GateResult p99Gate(Histogram on, Histogram off, int tolerancePct) {
        if (on.getTotalCount() == 0 || off.getTotalCount() == 0) {
            return GateResult.check("p99_with_abuse", false, "no load sample in the "
                    + (on.getTotalCount() == 0 ? "on" : "off") + " phases: run at least two phases (-Dduration "
                    + ">= 2 x -Dabuse.phaseSecs)");
        }
        long p99On = on.getValueAtPercentile(99);
        long p99Off = off.getValueAtPercentile(99);
        double limit = p99Off * (1 + tolerancePct / 100.0);
        return GateResult.withFigures("p99_with_abuse", p99On <= limit, String.format(Locale.ROOT,
                "p99 with abuse %dµs, without %dµs (x%.2f), limit %.0fµs (+%d%%)", p99On, p99Off,
                (double) p99On / Math.max(1, p99Off), limit, tolerancePct));
    }

    /** The figures for the console and the JSON summary. */
    public static Map<String, Object> figures(PhaseSplit split, Map<String, Map<String, Long>> seen, AbuseSettings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", Map.of("phase_secs", settings.phaseSecs(), "settle_secs", settings.settleSecs(),
                "tolerance_pct", settings.tolerancePct(), "never_readers", settings.neverReaders(),
                "stall_secs", settings.stallSecs(), "regex_subscribers", settings.regexSubscribers(),
                "flood_connections", settings.floodConnections(), "flood_rate_per_connection", settings.floodRate(),
                "reconnect_ms", settings.reconnectMs()));
        json.put("off", latency(split.off()));
        json.put("on", latency(split.on()));
        List<Map<String, Object>> phases = new ArrayList<>();
        split.perPhase().forEach((index, histogram) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("phase", index);
            one.put("abuse", index % 2 == 1);
            one.putAll(latency(histogram));
            phases.add(one);
        });
        json.put("phases", phases);
        json.put("abusers_saw", seen);
        return json;
    }

    private static Map<String, Object> latency(Histogram histogram) {
        Map<String, Object> figures = new LinkedHashMap<>();
        boolean empty = histogram.getTotalCount() == 0;
        figures.put("count", histogram.getTotalCount());
        figures.put("p50_us", empty ? 0 : histogram.getValueAtPercentile(50));
        figures.put("p99_us", empty ? 0 : histogram.getValueAtPercentile(99));
        figures.put("max_us", empty ? 0 : histogram.getMaxValue());
        return figures;
    }
}
