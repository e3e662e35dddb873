package dev.syncbench.simulations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fan-out floors in {@code baseline.json}, under the key {@code live_query_fan_out}: write
 * throughput, event throughput, delivery and write-ack p50 in µs, the acked share of writes, and
 * optionally the reference figures of the last accepted run. A named profile replaces them, found as
 * {@code profiles.<name>.live_query_fan_out} or else as {@code live_query_fan_out.profiles.<name>};
 * a profile with neither falls back to the top-level floors, so profiles made only for the other
 * simulations keep working.
 */
public record FanOutBaseline(String source, String profile, Floors floors, double regressionTolerancePct,
                             Optional<Reference> reference) {
    public static final String KEY = "live_query_fan_out";

    public record Floors(double minWritesOpsPerSec, double minEventsPerSec, long maxDeliveryP50Us,
                         long maxWriteP50Us, double minAckedPct) {
    }

    public record Reference(String machine, String date, JsonNode parameters, double writesOpsPerSec,
                            double eventsPerSec, long deliveryP50Us) {
    }

    public static FanOutBaseline load(Path file, String profile) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException("no baseline at " + file
                    + " (the repository root's baseline.json, or pass -Dbaseline.file=...)");
        } catch (JsonProcessingException e) {
            throw new BadInputException("baseline " + file + " is not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new BadInputException("cannot read the baseline " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException("baseline " + file + " must hold a JSON object");
        }
        JsonNode section = root.path(KEY);
        String where = KEY + ".";
        String usedProfile = "default";
        if (profile != null) {
            JsonNode profileNode = root.path("profiles").path(profile);
            JsonNode ownProfile = section.path("profiles").path(profile);
            if (!profileNode.isObject() && !ownProfile.isObject()) {
                throw new BadInputException("baseline " + file + " has no profile '" + profile + "'");
            }
            if (profileNode.path(KEY).isObject()) {
                section = profileNode.path(KEY);
                where = "profiles." + profile + "." + KEY + ".";
                usedProfile = profile;
            } else if (ownProfile.isObject()) {
                section = ownProfile;
                where = KEY + ".profiles." + profile + ".";
                usedProfile = profile;
            } else {
                System.out.println("syncbench: profile '" + profile + "' has no " + KEY
                        + " floors; using the top-level ones");
            }
        }
        if (!section.isObject()) {
            throw new BadInputException("baseline " + file + " has no " + KEY + " section");
        }
        Floors floors = new Floors(
                number(file, section, where, "min_writes_ops_per_sec"),
                number(file, section, where, "min_events_per_sec"),
                (long) number(file, section, where, "max_delivery_p50_us"),
                (long) number(file, section, where, "max_write_p50_us"),
                number(file, section, where, "min_acked_pct"));
        JsonNode tolerance = section.has("regression_tolerance_pct") ? section : root;
        return new FanOutBaseline(file.toString(), usedProfile, floors,
                number(file, tolerance, "", "regression_tolerance_pct"), reference(section.path("reference")));
    }

    private static Optional<Reference> reference(JsonNode node) {
        if (!node.path("writes_ops_per_sec").isNumber()) {
            return Optional.empty();
        }
        return Optional.of(new Reference(node.path("machine").asText("unnamed machine"), node.path("date").asText("?"),
                node.path("parameters"), node.path("writes_ops_per_sec").asDouble(),
                node.path("events_per_sec").asDouble(), node.path("delivery_p50_us").asLong(0)));
    }

    private static double number(Path file, JsonNode node, String prefix, String field) {
        JsonNode value = node.path(field);
        if (value.isNumber() && value.asDouble() >= 0) {
            return value.asDouble();
        }
        throw new BadInputException("baseline " + file + ": " + prefix + field
                + (value.isMissingNode() ? " is missing" : " must be a non-negative number, not " + value));
    }
}
