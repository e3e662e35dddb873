package dev.syncbench.simulations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real run of a simulation, as {@code mvn gatling:test} runs it: Gatling's own main class in a
 * JVM of its own (the simulations end that JVM with their exit status), with {@code -D} parameters;
 * its exit status, console output and archived JSON summary are what a user of the suite sees.
 *
 * @param exitStatus the JVM's exit status (0: every check passed)
 * @param summary the JSON summary archived under the run's reports directory
 * @param output what the run printed (stdout and stderr)
 */
public record SimulationRun(int exitStatus, JsonNode summary, String output) {
    private static final Duration LIMIT = Duration.ofSeconds(120);
    /** Floors every short test run clears, so that only the behaviour under test can fail it. */
    public static final String LENIENT_BASELINE = """
            {"regression_tolerance_pct": 20,
             "fire_and_wait": {"min_ops_per_sec": 1, "max_p50_us": 10000000, "min_acked_pct": 1},
             "fire_and_forget": {"min_ops_per_sec": 1, "max_p50_us": 10000000}}
            """;

    /** {@link #LENIENT_BASELINE} written as {@code dir/baseline.json}, for {@code -Dbaseline.file}. */
    public static Path lenientBaseline(Path dir) throws IOException {
        return Files.writeString(dir.resolve("baseline.json"), LENIENT_BASELINE);
    }

    /** Runs {@code simulation} with {@code properties}; reports, results and logs go under {@code dir}. */
    public static SimulationRun of(Class<?> simulation, Path dir, Map<String, String> properties)
            throws IOException, InterruptedException {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Path results = dir.resolve("gatling");
        Path log = dir.resolve("run.log");
        List<Path> summaries;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("--enable-native-access=ALL-UNNAMED");
        // as the Gatling Maven plugin starts Gatling
        command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        command.add("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("-Dreports.dir=" + reports);
        command.add("-Dsyncbench.results=" + results);
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("io.gatling.app.Gatling", "--simulation", simulation.getName(),
                "--results-folder", results.toString(), "--no-reports"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the run did not end within " + LIMIT.toSeconds() + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        try (Stream<Path> files = Files.list(reports)) {
            summaries = files.filter(file -> file.getFileName().toString().endsWith(".json")).toList();
        }
        if (summaries.size() != 1) {
            throw new AssertionError("expected one JSON summary in " + reports + ", found " + summaries
                    + "; exit status " + process.exitValue() + ", output:\n" + output);
        }
        return new SimulationRun(process.exitValue(), new ObjectMapper().readTree(summaries.get(0).toFile()), output);
    }

    long totalOps() {
        return summary.path("total_ops").asLong(-1);
    }

    double opsPerSec() {
        return summary.path("ops_per_sec").asDouble(-1);
    }

    /** The names of the checks the JSON summary lists as failed. */
    List<String> failedChecks() {
        List<String> failed = new ArrayList<>();
        for (JsonNode check : summary.path("assertions")) {
            if (!check.path("passed").asBoolean()) {
                failed.add(check.path("name").asText());
            }
        }
        return failed;
    }

    /** For a failure message: the summary's headline figures and the end of the console output. */
    public String describe() {
        String tail = output.length() > 4_000 ? output.substring(output.length() - 4_000) : output;
        return "exit status " + exitStatus + ", total_ops " + totalOps() + ", ops_per_sec " + opsPerSec()
                + ", latency " + summary.path("latency") + ", assertions " + summary.path("assertions")
                + "\n--- output (end) ---\n" + tail;
    }
}
