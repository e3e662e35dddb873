package dev.syncbench.simulations.merge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.wire.BatchEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a merge of several injectors' runs needs of one run besides its latency histograms: what ran
 * (simulation, mode, target, profile, load parameters, how it counted), on which injector, the measured
 * window in epoch ms, and the counts. Written as {@code injector.json} beside the run's HdrHistogram log.
 *
 * @param simulation the simulation's class name
 * @param map the map the run wrote into and read back ({@code -Dmap}); {@value BatchEncoder#DEFAULT_MAP} in a file
 *            written before runs named it
 * @param label the mode as the run printed it ("fire-and-wait (fixed schedule)", ...)
 * @param parameters the load parameters as the summary lists them (connections, batch_size, interval_ms, ...)
 * @param windowStartMillis the first measured send, epoch ms on the injector's clock
 * @param windowEndMillis the last confirmation, epoch ms on the injector's clock
 * @param loadSeconds the same window measured with the injector's monotonic clock
 * @param countedOps the ops its ops/s counted (confirmed; sent, for the unconfirmed mode)
 * @param histogramCounts each tag's count, so a log cut short is told from a complete one
 */
public record InjectorRecord(String simulation, LoadMode mode, String label, String targetKind, String target,
                             String map, String store, String baselineProfile, Map<String, Object> parameters, boolean ordered,
                             int warmupSecs, boolean fixedSchedule, String injectorHost, String run,
                             long windowStartMillis, long windowEndMillis, double loadSeconds, long countedOps,
                             RunResult.Counts measured, RunResult.Counts warmup, long unsentBatches,
                             long authenticatedConnections, Map<String, Long> otherFrames,
                             Map<String, Long> unattributedErrors, long outOfOrderAnswers, long lateAnswers,
                             String storeCheck, Map<String, Long> histogramCounts) {

    public static final String FILE = "injector.json";
    /** The shape of this file; a merge refuses another. */
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("simulation", simulation);
        json.put("mode", mode.label());
        json.put("label", label);
        json.put("target_kind", targetKind);
        json.put("target", target);
        json.put("map", map);
        json.put("store", store);
        json.put("baseline_profile", baselineProfile);
        json.put("parameters", parameters);
        json.put("ordered", ordered);
        json.put("warmup_secs", warmupSecs);
        json.put("fixed_schedule", fixedSchedule);
        json.put("injector_host", injectorHost);
        json.put("run", run);
        json.put("window_start_epoch_ms", windowStartMillis);
        json.put("window_end_epoch_ms", windowEndMillis);
        json.put("load_secs", loadSeconds);
        json.put("counted_ops", countedOps);
        json.put("measured", measured.asMap());
        json.put("warmup", warmup.asMap());
        json.put("batches_not_sent", unsentBatches);
        json.put("connections_authenticated", authenticatedConnections);
        json.put("frames_answering_no_batch", otherFrames);
        json.put("errors_not_tied_to_a_batch", unattributedErrors);
        json.put("acks_out_of_order", outOfOrderAnswers);
        json.put("answers_after_timeout", lateAnswers);
        json.put("nothing_lost", storeCheck);
        json.put("histogram_counts", histogramCounts);
        JSON.writeValue(file.toFile(), json);
    }

    /** Reads {@code file}; a missing file, invalid JSON or a missing field is refused with one line naming it. */
    public static InjectorRecord read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException("no " + FILE + " at " + file + " (each run directory holds the run's "
                    + InjectorRun.LOG + " and " + FILE + ")");
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + " is not valid JSON (corrupt or truncated): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
        Fields fields = new Fields(file, root);
        if (fields.integer("format") != FORMAT) {
            throw new BadInputException(file + " has format " + root.path("format") + "; this merge reads format "
                    + FORMAT);
        }
        return new InjectorRecord(fields.text("simulation"), fields.mode(), fields.text("label"),
                fields.text("target_kind"), fields.text("target"), fields.optionalText("map", BatchEncoder.DEFAULT_MAP),
                fields.text("store"),
                fields.text("baseline_profile"), fields.map("parameters", new TypeReference<>() { }),
                fields.bool("ordered"), (int) fields.integer("warmup_secs"), fields.bool("fixed_schedule"),
                fields.text("injector_host"), fields.text("run"), fields.integer("window_start_epoch_ms"),
                fields.integer("window_end_epoch_ms"), fields.number("load_secs"), fields.integer("counted_ops"),
                fields.counts("measured"), fields.counts("warmup"), fields.integer("batches_not_sent"),
                fields.integer("connections_authenticated"),
                fields.map("frames_answering_no_batch", new TypeReference<>() { }),
                fields.map("errors_not_tied_to_a_batch", new TypeReference<>() { }),
                fields.integer("acks_out_of_order"), fields.integer("answers_after_timeout"),
                fields.text("nothing_lost"), fields.map("histogram_counts", new TypeReference<>() { }));
    }

    /** The connections this injector ran (its {@code connections} parameter). */
    public int connections() {
        Object value = parameters.get("connections");
        return value instanceof Number number ? number.intValue() : 0;
    }

    /** Reads the fields of one file; a missing or mistyped one is refused, naming the file and the field. */
    private record Fields(Path file, JsonNode root) {
        private JsonNode field(String name, boolean valid) {
            JsonNode value = root.path(name);
            if (!valid) {
                throw new BadInputException(file + ": " + name + (value.isMissingNode() ? " is missing"
                        : " has the wrong type: " + value) + " (not an " + FILE + " written by a syncbench run)");
            }
            return value;
        }

        String text(String name) {
            return field(name, root.path(name).isTextual()).asText();
        }

        /** {@code name}'s text, or {@code absent} in a file written before the field was. */
        String optionalText(String name, String absent) {
            return root.path(name).isMissingNode() ? absent : text(name);
        }

        long integer(String name) {
            return field(name, root.path(name).canConvertToLong() && root.path(name).isIntegralNumber()).asLong();
        }

        double number(String name) {
            return field(name, root.path(name).isNumber()).asDouble();
        }

        boolean bool(String name) {
            return field(name, root.path(name).isBoolean()).asBoolean();
        }

        <T> T map(String name, TypeReference<T> type) {
            try {
                return JSON.convertValue(field(name, root.path(name).isObject()), type);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file + ": " + name + " has the wrong shape: " + root.path(name));
            }
        }

        RunResult.Counts counts(String name) {
            try {
                return RunResult.Counts.fromMap(map(name, new TypeReference<Map<String, Long>>() { }));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file + ": " + name + ": " + e.getMessage());
            }
        }

        LoadMode mode() {
            String label = text("mode");
            for (LoadMode mode : LoadMode.values()) {
                if (mode.label().equals(label)) {
                    return mode;
                }
            }
            throw new BadInputException(file + ": mode '" + label + "' is not fire-and-wait or fire-and-forget");
        }
    }
}
