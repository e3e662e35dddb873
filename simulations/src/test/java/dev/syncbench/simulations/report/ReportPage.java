package dev.syncbench.simulations.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code reports/index.html}: every archived run in one sortable table, a trend chart per
 * simulation and target with the baseline's floors, and the runs' latency as HdrHistogram percentile
 * plots, overlaid for comparison. The page and Highcharts (the copy Gatling's reports use, taken
 * from its jar) sit side by side, so the page opens from the file system with no server or network.
 * The runs are written into the page as JSON; {@code report-page.js} draws it in the browser.
 */
public final class ReportPage {
    public static final String PAGE = "index.html";
    static final String HIGHCHARTS = "highstock.js";
    private static final String HIGHCHARTS_IN_GATLING = "io/gatling/charts/assets/js/highstock.js";
    private static final String TEMPLATE = "report-page.html";
    private static final String SCRIPT = "report-page.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportPage() {
    }

    /** Reads every summary under {@code reportsDir} and the floors of {@code baselineFile}; writes the page there. */
    public static Path write(Path reportsDir, Path baselineFile) {
        List<ArchivedRun> runs = RunArchive.read(reportsDir);
        Map<String, Map<String, ProfileFloors.Floors>> floors = ProfileFloors.read(baselineFile);
        try {
            Files.createDirectories(reportsDir);
            copyHighcharts(reportsDir.resolve(HIGHCHARTS));
            String page = resource(TEMPLATE)
                    .replace("/*RUNS*/", scriptSafe(JSON.writeValueAsString(runs)))
                    .replace("/*FLOORS*/", scriptSafe(JSON.writeValueAsString(floors)))
                    .replace("/*SCRIPT*/", resource(SCRIPT));
            Path file = reportsDir.resolve(PAGE);
            Files.writeString(file, page, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report page in " + reportsDir, e);
        }
    }

    private static void copyHighcharts(Path destination) throws IOException {
        try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(HIGHCHARTS_IN_GATLING)) {
            if (in == null) {
                throw new IOException("Highcharts (" + HIGHCHARTS_IN_GATLING + ") is not on the classpath: "
                        + "the page needs io.gatling.highcharts:gatling-charts-highcharts");
            }
            Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** JSON inside a script element: a {@code </script>} in a string must not end the element. */
    private static String scriptSafe(String json) {
        return json.replace("</", "<\\/");
    }
}
