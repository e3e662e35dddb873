package dev.syncbench.simulations.report;

import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.judging.StormBaseline;
import dev.syncbench.simulations.judging.StormJudge;
import dev.syncbench.simulations.storm.MassReconnect;
import dev.syncbench.simulations.storm.StormSettings;
import dev.syncbench.simulations.target.ResourceSample;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Prints a connection storm and builds its JSON summary: TopGun's report shape with the accepted
 * handshakes as its ops and their latency as its latency, and a {@code storm} section with the
 * failures by reason, the mass reconnect and the server's resources before and after.
 */
public final class StormReport {
    static final String SCENARIO = StormBaseline.KEY;

    private StormReport() {
    }

    public static void print(PrintStream out, String target, long cycles, StormJudge.Measured m, Histogram handshakes,
                             List<GateResult> gates) {
        MassReconnect.Result r = m.reconnect();
        out.println();
        out.println("=== syncbench connection storm against " + target + " (latencies in µs) ===");
        LatencyTable.printHeader(out);
        LatencyTable.printRow(out, "storm handshake", handshakes);
        LatencyTable.printRow(out, "reconnect handshake", r.handshakeUs());
        out.printf(Locale.ROOT, "storm: %d handshakes accepted in %.1f s (%.0f/s) over %d cycles; failed handshakes "
                        + "%s; failed after the handshake %s%n", m.accepted(), m.stormSecs(), m.handshakesPerSec(),
                cycles, m.failedHandshakes(), m.failedAfterHandshake());
        out.printf(Locale.ROOT, "mass reconnect: %d of %d subscribed, dropped together; %d records acknowledged while "
                        + "away; %d reconnected, all authenticated %.3f s and all resynced %.3f s after the signal; "
                        + "%d snapshots incomplete %s; failures %s %s%n", r.subscribedBefore(), r.clients(),
                r.recordsAcked(), r.reconnected(), r.allAuthenticatedSecs(), r.allResyncedSecs(),
                r.incompleteSnapshots(), r.incompleteExamples(), r.openFailures(), r.reconnectFailures());
        ResourceSample after = m.settled().after();
        out.printf(Locale.ROOT, "server before -> after (settled in %.1f s): %s%n", m.settled().settledSecs(),
                describe(m.before(), after));
        SoakReport.printVerdict(out, gates);
    }

    private static String describe(ResourceSample before, ResourceSample after) {
        return String.format(Locale.ROOT, "fds %d -> %d, JVM threads %d -> %d, OS threads %d -> %d, connections %d -> %d, "
                        + "RSS %.0f -> %.0f MiB", before.openFds(), after.openFds(), before.threads(), after.threads(),
                before.osThreads(), after.osThreads(), before.connections(), after.connections(), before.rssMib(),
                after.rssMib());
    }

    public static Map<String, Object> summary(StormSettings settings, String target, String simulation,
                                              StormJudge.Measured m, Histogram handshakes, List<GateResult> gates,
                                              Instant startedAt) {
        Map<String, Object> json = SoakReport.summary(settings.common(), SCENARIO, "connection-storm", target,
                simulation, m.accepted(), m.accepted() + m.failedHandshakeCount(), m.stormSecs(), handshakes, gates,
                settings.asMap(), startedAt);
        json.put("connections", settings.users());
        if (json.get("histograms") instanceof Map<?, ?> histograms) {
            // the report page plots each named histogram: the storm's is of handshakes, not writes
            @SuppressWarnings("unchecked")
            Map<String, Object> named = (Map<String, Object>) histograms;
            named.put("handshake_latency", named.remove("write_latency"));
            named.put("reconnect_handshake_latency", figures(m.reconnect().handshakeUs()));
        }
        MassReconnect.Result r = m.reconnect();
        Map<String, Object> storm = new LinkedHashMap<>();
        storm.put("handshakes_accepted", m.accepted());
        storm.put("handshakes_per_sec", Math.round(m.handshakesPerSec()));
        storm.put("handshake_p50_us", percentile(handshakes, 50));
        storm.put("handshake_p99_us", percentile(handshakes, 99));
        storm.put("handshake_max_us", handshakes.getTotalCount() == 0 ? -1 : handshakes.getMaxValue());
        storm.put("failed_handshakes", m.failedHandshakes());
        storm.put("failed_after_handshake", m.failedAfterHandshake());
        Map<String, Object> reconnect = new LinkedHashMap<>();
        reconnect.put("clients", r.clients());
        reconnect.put("subscribed_before", r.subscribedBefore());
        reconnect.put("records_acked_while_away", r.recordsAcked());
        reconnect.put("reconnected", r.reconnected());
        reconnect.put("incomplete_snapshots", r.incompleteSnapshots());
        reconnect.put("all_authenticated_secs", Math.round(r.allAuthenticatedSecs() * 1000) / 1000.0);
        reconnect.put("all_resynced_secs", Math.round(r.allResyncedSecs() * 1000) / 1000.0);
        reconnect.put("handshake_p50_us", percentile(r.handshakeUs(), 50));
        reconnect.put("handshake_p99_us", percentile(r.handshakeUs(), 99));
        reconnect.put("handshake_max_us", r.handshakeUs().getTotalCount() == 0 ? -1 : r.handshakeUs().getMaxValue());
        reconnect.put("failures", r.reconnectFailures());
        storm.put("mass_reconnect", reconnect);
        storm.put("server_before", resources(m.before()));
        storm.put("server_after", resources(m.settled().after()));
        storm.put("settled_secs", Math.round(m.settled().settledSecs() * 10) / 10.0);
        json.put("storm", storm);
        return json;
    }

    /** A histogram as RunSummary writes one: percentiles, count, max and the distribution. */
    private static Map<String, Object> figures(Histogram h) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("p50_us", Math.max(0, percentile(h, 50)));
        figures.put("p95_us", Math.max(0, percentile(h, 95)));
        figures.put("p99_us", Math.max(0, percentile(h, 99)));
        figures.put("p999_us", Math.max(0, percentile(h, 99.9)));
        figures.put("count", h.getTotalCount());
        figures.put("max_us", h.getMaxValue());
        figures.put("percentile_distribution", PercentileDistribution.of(h));
        return figures;
    }

    private static long percentile(Histogram h, double p) {
        return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(p);
    }

    private static Map<String, Object> resources(ResourceSample s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("open_fds", s.openFds());
        json.put("threads", s.threads());
        json.put("os_threads", s.osThreads());
        json.put("connections", s.connections());
        json.put("rss_mib", Math.round(s.rssMib() * 10) / 10.0);
        return json;
    }

    /** For the console: the judged gates. */
    public static String describe(StormBaseline baseline) {
        return String.format(Locale.ROOT, "baseline profile %s (%s): at least %.0f handshakes/s, none failed; at most "
                        + "+%d fds, +%d JVM threads, +%d OS threads, +%d connections afterwards", baseline.profile(),
                baseline.source(), baseline.minHandshakesPerSec(), baseline.maxExtraFds(), baseline.maxExtraThreads(),
                baseline.maxExtraOsThreads(), baseline.maxExtraConnections());
    }
}
