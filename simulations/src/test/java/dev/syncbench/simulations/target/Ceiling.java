package dev.syncbench.simulations.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The injector's ceiling for this run: the same simulation, with the same parameters, against the
 * echo target. With {@code -Dceiling=true} the run first re-launches its own Gatling JVM (same
 * command, same simulation) with {@code -Dtarget=echo}; that nested run writes its confirmed ops/s to
 * a file under {@code simulations/target/ceiling/}, which this run reads back to report its own
 * result as a fraction of it.
 */
public final class Ceiling {
    /** Set on the nested run: where it records its result. */
    static final String FILE_PROPERTY = "syncbench.ceiling.file";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Optional<Figure> measured = Optional.empty();

    private Ceiling() {
    }

    /** The echo's result: its ops/s, for which mode and parameters, and where its report went. */
    public record Figure(String mode, Map<String, Object> parameters, double opsPerSec, String run) {
    }

    /** The ceiling measured first in this JVM's run, if {@code -Dceiling=true} measured one. */
    public static Optional<Figure> measured() {
        return measured;
    }

    /**
     * With {@code -Dceiling=true}, runs this simulation against the echo in a nested Gatling JVM and
     * keeps its figure; a nested run that records nothing leaves a line saying so, not a failure.
     */
    static void measureFirstIfAsked(LoadSettings settings) {
        if (!settings.ceiling() || settings.targetKind() == TargetKind.ECHO) {
            return;
        }
        Path file = settings.buildDir().resolve("ceiling").resolve("echo-" + ProcessHandle.current().pid() + ".json");
        List<String> command = nestedCommand(file);
        System.out.println("syncbench: -Dceiling=true: measuring the echo ceiling first, with the same parameters");
        System.out.flush();
        int status;
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Process nested = new ProcessBuilder(command).inheritIO().start();
            Runtime.getRuntime().addShutdownHook(new Thread(nested::destroyForcibly, "syncbench-ceiling-stop"));
            if (!nested.waitFor(settings.durationSecs() + 600L, TimeUnit.SECONDS)) {
                nested.destroyForcibly();
            }
            status = nested.waitFor();
        } catch (IOException e) {
            throw new BadInputException("-Dceiling=true could not start the echo run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while the echo ceiling was measured");
        }
        measured = read(file);
        if (measured.isEmpty()) {
            System.out.println("syncbench: the echo ceiling run recorded no result (exit status " + status
                    + "); this run is reported without a ceiling");
        } else {
            System.out.printf(java.util.Locale.ROOT, "syncbench: echo ceiling %.0f ops/s (status %d); now the run "
                    + "itself%n", measured.get().opsPerSec(), status);
        }
    }

    /** This JVM's own command line with the target switched to the echo and the result sent to {@code file}. */
    static List<String> nestedCommand(Path file) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        if (info.command().isEmpty() || info.arguments().isEmpty()) {
            throw new BadInputException("-Dceiling=true needs this JVM's command line to re-run against the echo, "
                    + "and the OS does not show it: run with -Dtarget=echo first instead");
        }
        List<String> command = new ArrayList<>();
        command.add(info.command().get());
        command.add("-Dtarget=echo");
        command.add("-Dceiling=false");
        command.add("-D" + FILE_PROPERTY + "=" + file);
        for (String argument : info.arguments().get()) {
            if (!argument.startsWith("-Dtarget=") && !argument.startsWith("-Dceiling=")
                    && !argument.startsWith("-D" + FILE_PROPERTY + "=")) {
                command.add(argument);
            }
        }
        return command;
    }

    /** On the nested echo run: writes its figure where the run that launched it will look. */
    public static void recordIfNested(LoadSettings settings, String mode, double opsPerSec, String run) {
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null || file.isBlank() || settings.targetKind() != TargetKind.ECHO) {
            return;
        }
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("mode", mode);
        figure.put("parameters", comparableParameters(settings));
        figure.put("ops_per_sec", opsPerSec);
        figure.put("run", run);
        try {
            JSON.writeValue(Path.of(file).toFile(), figure);
        } catch (IOException e) {
            System.err.println("syncbench: could not record the echo ceiling in " + file + ": " + e.getMessage());
        }
    }

    /** The measured ceiling when it was measured for {@code mode} with the same parameters as {@code settings}. */
    public static Optional<Figure> matching(Optional<Figure> ceiling, LoadSettings settings, String mode) {
        return ceiling.filter(figure -> figure.mode().equals(mode)
                && figure.parameters().equals(comparableParameters(settings)));
    }

    /** The parameters that shape the load; the profile only changes the judging. */
    static Map<String, Object> comparableParameters(LoadSettings settings) {
        Map<String, Object> parameters = new LinkedHashMap<>(settings.asMap());
        parameters.remove("baseline_profile");
        // through JSON and back, so a figure read from the file compares equal to one built here
        return JSON.convertValue(parameters, JSON.getTypeFactory().constructMapType(LinkedHashMap.class,
                String.class, Object.class));
    }

    static Optional<Figure> read(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            Map<String, Object> parameters = JSON.convertValue(node.path("parameters"),
                    JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
            return Optional.of(new Figure(node.path("mode").asText(), parameters,
                    node.path("ops_per_sec").asDouble(), node.path("run").asText()));
        } catch (IOException | RuntimeException missing) {
            return Optional.empty();
        }
    }
}
