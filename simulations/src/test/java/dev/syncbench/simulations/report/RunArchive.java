package dev.syncbench.simulations.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every run archived under {@code reports/}: the runs of this checkout ({@code reports/*.json}) and the
 * reference runs kept in git ({@code reports/reference/*.json}). A summary that cannot be read is
 * left out with a line saying so, so one damaged file does not hide the others.
 */
public final class RunArchive {
    static final String REFERENCE = "reference";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunArchive() {
    }

    /** The archived runs, oldest first. */
    public static List<ArchivedRun> read(Path reportsDir) {
        List<ArchivedRun> runs = new ArrayList<>();
        readFolder(reportsDir, reportsDir, false, runs);
        readFolder(reportsDir, reportsDir.resolve(REFERENCE), true, runs);
        runs.sort(Comparator.comparing(ArchivedRun::timestamp).thenComparing(ArchivedRun::name));
        return runs;
    }

    private static void readFolder(Path reportsDir, Path folder, boolean reference, List<ArchivedRun> runs) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> summaries;
        try (Stream<Path> files = Files.list(folder)) {
            summaries = files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        for (Path file : summaries) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - ".json".length());
            try {
                JsonNode json = JSON.readTree(file.toFile());
                if (!json.has("ops_per_sec") || !json.has("provenance")) {
                    continue; // not a run summary
                }
                Path html = folder.resolve(name).resolve("index.html");
                runs.add(ArchivedRun.of(name, relative(reportsDir, file),
                        Files.isRegularFile(html) ? relative(reportsDir, html) : null, reference, json));
            } catch (IOException | RuntimeException e) {
                System.out.println("syncbench: left out of the report page, unreadable: " + fileName + " ("
                        + e.getMessage() + ")");
            }
        }
    }

    /** A path relative to {@code reports/}, with forward slashes, as a link in the page needs it. */
    private static String relative(Path reportsDir, Path file) {
        return reportsDir.relativize(file).toString().replace('\\', '/');
    }
}
