package dev.syncbench.simulations.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Copies a run's Gatling HTML report under {@code reports/}, writes its JSON summary beside it, names
 * the run in the report's description, and rebuilds {@code reports/index.html} from every summary.
 * Gatling writes the HTML only after the simulation's {@code after()} hook, so this runs as a JVM
 * shutdown hook of the forked Gatling JVM, which Gatling exits once the report is written, also
 * when an assertion failed. It then turns a failed syncbench gate into the exit status 2 Gatling
 * uses for failed assertions, so the Maven build fails.
 */
public final class ReportArchive {
    private static final DateTimeFormatter FOLDER_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

    private final Path reportsDir;
    private final Path baselineFile;
    private final String simulationId;
    private final String runName;
    private final Instant startedAt;
    private volatile Map<String, Object> summary;
    private volatile boolean failed;

    public ReportArchive(Path reportsDir, Path baselineFile, String simulationId, String label, Instant startedAt) {
        this.reportsDir = reportsDir;
        this.baselineFile = baselineFile;
        this.simulationId = simulationId;
        this.runName = FOLDER_TIME.format(startedAt) + "-" + label;
        this.startedAt = startedAt;
    }

    /** The run's own folder under {@code reports/}, named like its summary: its HTML report and latency log go there. */
    public Path runDir() {
        return reportsDir.resolve(runName);
    }

    /** Archives at JVM exit whatever {@link #complete} recorded. */
    public void registerShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::archiveAndSetStatus, "syncbench-report-archive"));
    }

    /** The run is judged: its summary and whether a syncbench gate failed. */
    public void complete(Map<String, Object> summary, boolean failed) {
        this.summary = summary;
        this.failed = failed;
    }

    private void archiveAndSetStatus() {
        if (summary == null) {
            return; // the run never got to judge anything: nothing worth archiving
        }
        List<String> lines = new ArrayList<>();
        try {
            Files.createDirectories(reportsDir);
            Path json = reportsDir.resolve(runName + ".json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), summary);
            String description = GatlingRunDescription.of(summary);
            Optional<Path> html = latestGatlingReport();
            if (html.isPresent()) {
                Path destination = reportsDir.resolve(runName);
                copyTree(html.get(), destination);
                GatlingRunDescription.writeInto(html.get().resolve("index.html"), description, "");
                GatlingRunDescription.writeInto(destination.resolve("index.html"), description,
                        "<a href=\"../index.html#run=" + runName + "\">latency in µs and every run</a> · "
                                + "<a href=\"../" + runName + ".json\">JSON summary</a>");
                lines.add("syncbench: Gatling's report (ms): " + destination.resolve("index.html"));
            } else {
                lines.add("syncbench: no Gatling HTML report found to archive");
            }
            lines.add("syncbench: this run's summary (µs, capacity, verdict): " + json);
            lines.add("syncbench: every run, trends and percentile plots: "
                    + ReportPage.write(reportsDir, baselineFile) + "#run=" + runName);
        } catch (IOException | UncheckedIOException e) {
            lines.add("syncbench: could not archive the report: " + e.getMessage());
        }
        ConsoleBlock.print(System.out, out -> lines.forEach(out::println));
        if (failed) {
            System.err.println("syncbench: a floor of the baseline was missed (see the FAIL lines above)");
            System.err.flush();
            Runtime.getRuntime().halt(2);
        }
    }

    /** The newest {@code <simulation>-<timestamp>} folder with an index.html written during this run. */
    private Optional<Path> latestGatlingReport() throws IOException {
        Path results = resultsFolder();
        if (!Files.isDirectory(results)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(results)) {
            return runs.filter(dir -> dir.getFileName().toString().startsWith(simulationId + "-"))
                    .filter(dir -> Files.isRegularFile(dir.resolve("index.html")))
                    .filter(dir -> modifiedSince(dir.resolve("index.html"), startedAt))
                    .max(Comparator.comparing(dir -> dir.getFileName().toString()));
        }
    }

    /** Gatling's results folder, which the build passes down as {@code syncbench.results}. */
    private static Path resultsFolder() {
        return Path.of(System.getProperty("syncbench.results", "target/gatling"));
    }

    private static boolean modifiedSince(Path file, Instant start) {
        try {
            return !Files.getLastModifiedTime(file).toInstant().isBefore(start.minusSeconds(1));
        } catch (IOException e) {
            return false;
        }
    }

    /** Copies the HTML report; Gatling's binary simulation.log stays behind (the JSON summary records the run). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                if (source.getFileName().toString().equals("simulation.log")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
