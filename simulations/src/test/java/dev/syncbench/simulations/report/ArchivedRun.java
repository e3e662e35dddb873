package dev.syncbench.simulations.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One archived run as the page shows it, read from its JSON summary: what ran against what, the
 * headline figures, the verdict, and each histogram's percentile distribution.
 *
 * @param name the summary's file name without {@code .json}, which also names its Gatling report folder
 * @param summary the summary's path relative to {@code reports/}
 * @param gatlingReport Gatling's HTML report relative to {@code reports/}, or null when it was not kept
 * @param simulation the population's class, without its package
 * @param mode the mode as the run printed it ({@code fire-and-wait}, {@code live-query-fan-out}, ...)
 * @param baselineKey the section of baseline.json the mode is judged by ({@code fire_and_wait}, ...)
 * @param ceilingFraction ops/s over the echo ceiling measured with it, or null when none was
 * @param serverCpuUsPerBatch server CPU per confirmed batch, or null when not measured
 * @param failedGates the names of the assertions that failed (none when {@code passed})
 * @param histograms each latency histogram of the run, the headline one first
 * @param resources the server's resources sampled over the run (soak, overload): each series'
 *                  {@code [seconds, value]} points, by name; empty for runs that sampled none
 */
public record ArchivedRun(String name, String summary, String gatlingReport, boolean reference, String timestamp,
                          String simulation, String mode, String baselineKey, String target, String targetKind,
                          String store, String profile, String commit, long connections, long durationSecs,
                          double opsPerSec, long p50Us, long p99Us, Double ceilingFraction,
                          Double serverCpuUsPerBatch, boolean passed, List<String> failedGates,
                          List<Latency> histograms, Map<String, List<double[]>> resources) {

    /**
     * A histogram's percentile curve. {@code complete} is false for summaries written before the
     * distribution was archived: the curve is then the few percentiles they kept (p50 ... max).
     */
    public record Latency(String name, long count, boolean complete, List<Point> points) {
    }

    /** The value at a percentile (0..100), in µs. */
    public record Point(double percentile, long valueUs) {
    }

    static ArchivedRun of(String name, String summary, String gatlingReport, boolean reference, JsonNode json) {
        JsonNode provenance = json.path("provenance");
        String mode = json.path("mode").asText("?");
        List<String> failed = new ArrayList<>();
        json.path("assertions").forEach(gate -> {
            if (!gate.path("passed").asBoolean(false)) {
                failed.add(gate.path("name").asText("?"));
            }
        });
        return new ArchivedRun(name, summary, gatlingReport, reference, json.path("timestamp").asText(""),
                simpleName(provenance.path("simulation").asText(mode)), mode, baselineKey(json),
                provenance.path("target").asText("?"), targetKind(provenance),
                provenance.path("store").asText("not recorded"), provenance.path("baseline").path("profile").asText("default"),
                provenance.path("git_commit").asText("unknown"), json.path("connections").asLong(),
                json.path("duration_secs").asLong(), json.path("ops_per_sec").asDouble(),
                json.path("latency").path("p50_us").asLong(), json.path("latency").path("p99_us").asLong(),
                number(json.path("ceiling").path("fraction")), number(json.path("server_cpu_us_per_batch")),
                failed.isEmpty(), failed, histograms(json.path("histograms")),
                resources(json.path("resources").path("series")));
    }

    private static Map<String, List<double[]>> resources(JsonNode series) {
        Map<String, List<double[]>> resources = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = series.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<double[]> points = new ArrayList<>();
            entry.getValue().forEach(point -> points.add(new double[] {point.path(0).asDouble(), point.path(1).asDouble()}));
            resources.put(entry.getKey(), points);
        }
        return resources;
    }

    /** The target's kind; summaries older than the field recorded only its description, which names it. */
    private static String targetKind(JsonNode provenance) {
        if (provenance.path("target_kind").isTextual()) {
            return provenance.path("target_kind").asText();
        }
        String description = provenance.path("target").asText("");
        for (String kind : new String[] {"embedded", "echo"}) {
            if (description.startsWith(kind)) {
                return kind;
            }
        }
        return description.startsWith("server jar") ? "jar" : description.startsWith("ws") ? "external" : "?";
    }

    /** The baseline.json section of the run's scenario: fan-out runs name theirs, the others by mode. */
    private static String baselineKey(JsonNode json) {
        String scenario = json.path("scenario").asText("");
        if (!scenario.isEmpty() && !scenario.equals("throughput")) {
            return scenario;
        }
        String mode = json.path("mode").asText("");
        int space = mode.indexOf(' ');
        return (space < 0 ? mode : mode.substring(0, space)).replace('-', '_');
    }

    private static List<Latency> histograms(JsonNode histograms) {
        List<Latency> latencies = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = histograms.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode figures = entry.getValue();
            JsonNode distribution = figures.path("percentile_distribution");
            List<Point> points = new ArrayList<>();
            boolean complete = distribution.isArray() && !distribution.isEmpty();
            if (complete) {
                distribution.forEach(point -> points.add(
                        new Point(point.path("percentile").asDouble(), point.path("value_us").asLong())));
            } else if (figures.path("count").asLong() > 0) {
                keptPercentiles(figures).forEach((percentile, value) -> points.add(new Point(percentile, value)));
            }
            latencies.add(new Latency(entry.getKey(), figures.path("count").asLong(), complete, points));
        }
        return latencies;
    }

    /** What summaries without a distribution kept: p50, p95, p99, p99.9 and the maximum. */
    private static Map<Double, Long> keptPercentiles(JsonNode figures) {
        Map<Double, Long> kept = new LinkedHashMap<>();
        kept.put(50.0, figures.path("p50_us").asLong());
        kept.put(95.0, figures.path("p95_us").asLong());
        kept.put(99.0, figures.path("p99_us").asLong());
        kept.put(99.9, figures.path("p999_us").asLong());
        if (figures.path("max_us").isNumber()) {
            kept.put(100.0, figures.path("max_us").asLong());
        }
        return kept;
    }

    private static Double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : null;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
