package dev.syncbench.simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.syncbench.simulations.FireAndWaitSimulation;
import dev.syncbench.simulations.SimulationRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-when test of the report page: a short real run archives its summary beside copies of the
 * reference runs and builds {@code index.html}; headless Chromium opens it from the file system and
 * the table, a trend chart and the percentile plot must have rendered (Highcharts draws SVG). A
 * screenshot is kept in {@code target/report-page.png}. In CI ({@code CI=true}) a missing Chromium
 * fails the test; elsewhere it is skipped with a line saying how to install it.
 */
class ReportPageBrowserTest {
    private static final Path ROOT = Path.of(System.getProperty("syncbench.root", "..")).toAbsolutePath().normalize();
    private static final Path SCREENSHOT = Path.of("target", "report-page.png");

    @TempDir
    Path dir;

    @Test
    void theTableATrendChartAndThePercentilePlotRenderInChromium() throws Exception {
        HeadlessChromium chromium = chromium();
        Path reports = dir.resolve("reports");
        List<Path> references = copyReferenceSummaries(reports.resolve("reference"));

        SimulationRun run = SimulationRun.of(FireAndWaitSimulation.class, dir, Map.of(
                "connections", "4", "duration", "2", "warmup", "0",
                "baseline.file", ROOT.resolve("baseline.json").toString()));
        Path page = reports.resolve("index.html");
        assertTrue(Files.isRegularFile(page), "the run rebuilds reports/index.html; " + run.describe());
        assertTrue(Files.isRegularFile(reports.resolve("highstock.js")), "Highcharts sits beside the page");
        String runName = run.summary().path("timestamp").asText().substring(0, 16);
        assertTrue(run.summary().path("histograms").path("write_latency").path("percentile_distribution").size() > 5,
                "the summary keeps the percentile distribution; " + run.describe());

        String dom = chromium.dumpDom(page);
        chromium.screenshot(page, SCREENSHOT, 1400, 3200);

        assertEquals(references.size() + 1, count(dom, Pattern.compile("<tr id=\"run-\\d")),
                "one table row per archived summary (the run and " + references.size() + " reference runs)");
        assertTrue(svgIn(dom, "trend-0"), "the first trend chart is drawn as SVG");
        assertTrue(svgIn(dom, "percentiles"), "the percentile plot is drawn as SVG");
        String percentiles = element(dom, "percentiles");
        assertTrue(percentiles.contains("fire-and-wait · embedded · " + runName),
                "the new run is plotted by percentile (legend names it)");
        assertTrue(percentiles.contains("class=\"highcharts-graph\""), "with a line");
    }

    private HeadlessChromium chromium() throws IOException {
        Optional<HeadlessChromium> found = HeadlessChromium.find(Files.createDirectories(dir.resolve("chromium")));
        if (found.isEmpty()) {
            String missing = "no Chromium on the PATH (apt-get install -y chromium, or set CHROMIUM=<binary>)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing + ": CI must render the report page");
            }
            System.out.println("ReportPageBrowserTest skipped: " + missing);
            Assumptions.abort(missing);
        }
        return found.get();
    }

    private static List<Path> copyReferenceSummaries(Path destination) throws IOException {
        Files.createDirectories(destination);
        try (Stream<Path> files = Files.list(ROOT.resolve("reports").resolve("reference"))) {
            List<Path> summaries = files.filter(file -> file.getFileName().toString().endsWith(".json")).toList();
            assertTrue(summaries.size() > 1, "the reference runs are in reports/reference");
            for (Path summary : summaries) {
                Files.copy(summary, destination.resolve(summary.getFileName()));
            }
            return summaries;
        }
    }

    /** The element with {@code id} and what follows it up to the next chart or section. */
    private static String element(String dom, String id) {
        int start = dom.indexOf("id=\"" + id + "\"");
        if (start < 0) {
            return "";
        }
        Matcher end = Pattern.compile("</svg>").matcher(dom);
        return end.find(start) ? dom.substring(start, end.end()) : dom.substring(start);
    }

    private static boolean svgIn(String dom, String id) {
        String element = element(dom, id);
        return element.contains("<svg") && element.contains("class=\"highcharts-root\"");
    }

    private static int count(String text, Pattern pattern) {
        return (int) pattern.matcher(text).results().count();
    }
}
