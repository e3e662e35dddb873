package dev.syncbench.simulations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The floors a run must hold and the reference figures it is compared with, read from
 * {@code baseline.json} (TopGun's shape: {@code fire_and_wait}/{@code fire_and_forget} with
 * {@code min_ops_per_sec} and {@code max_p50_us}, plus {@code regression_tolerance_pct}).
 * A named profile under {@code profiles} replaces the floors and the reference for a smaller machine.
 */
public record Baseline(String source, String profile, Floors floors, double regressionTolerancePct,
                       Optional<Reference> reference) {

    /** The floors of one mode. {@code minAckedPct} is 0 when the mode has no such floor. */
    public record Floors(double minOpsPerSec, long maxP50Us, double minAckedPct) {
    }

    /** The figures of the last accepted run of a mode, and the parameters they were measured with. */
    public record Reference(String machine, String date, JsonNode parameters, double opsPerSec, long p50Us) {
    }

    public static Baseline load(Path file, String profile, LoadMode mode) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException("no baseline at " + file
                    + " (the repository root's baseline.json, or pass -Dbaseline.file=...)");
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage();
            int detail = problem.indexOf(':');
            throw new BadInputException("baseline " + file + " is not valid JSON: "
                    + (detail > 0 ? problem.substring(0, detail) : problem) + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new BadInputException("cannot read the baseline " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException("baseline " + file + " must hold a JSON object");
        }
        JsonNode section = root;
        String where = "";
        if (profile != null) {
            JsonNode profiles = root.path("profiles");
            section = profiles.path(profile);
            if (!section.isObject()) {
                List<String> names = new ArrayList<>();
                profiles.fieldNames().forEachRemaining(names::add);
                throw new BadInputException("baseline " + file + " has no profile '" + profile + "' (profiles: "
                        + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
            }
            where = "profiles." + profile + ".";
        }
        String modeKey = mode.baselineKey();
        JsonNode modeNode = section.path(modeKey);
        String prefix = where + modeKey + ".";
        Floors floors = new Floors(
                number(file, modeNode, prefix, "min_ops_per_sec", true),
                (long) number(file, modeNode, prefix, "max_p50_us", true),
                number(file, modeNode, prefix, "min_acked_pct", mode == LoadMode.FIRE_AND_WAIT));
        JsonNode toleranceNode = section.has("regression_tolerance_pct") ? section : root;
        double tolerance = number(file, toleranceNode, "", "regression_tolerance_pct", true);
        JsonNode referenceNode = section.path("reference");
        if (referenceNode.isMissingNode() && profile != null) {
            referenceNode = root.path("reference");
        }
        return new Baseline(file.toString(), profile == null ? "default" : profile, floors, tolerance,
                reference(referenceNode, modeKey));
    }

    private static Optional<Reference> reference(JsonNode node, String modeKey) {
        JsonNode figures = node.path(modeKey);
        if (!figures.path("ops_per_sec").isNumber()) {
            return Optional.empty();
        }
        return Optional.of(new Reference(node.path("machine").asText("unnamed machine"),
                node.path("date").asText("?"), node.path("parameters"),
                figures.path("ops_per_sec").asDouble(), figures.path("p50_us").asLong(0)));
    }

    private static double number(Path file, JsonNode node, String prefix, String field, boolean required) {
        JsonNode value = node.path(field);
        if (value.isNumber() && value.asDouble() >= 0) {
            return value.asDouble();
        }
        if (value.isMissingNode() && !required) {
            return 0;
        }
        throw new BadInputException("baseline " + file + ": " + prefix + field
                + (value.isMissingNode() ? " is missing" : " must be a non-negative number, not " + value));
    }
}
