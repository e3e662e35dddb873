package dev.syncbench.simulations.judging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncbench.simulations.load.BadInputException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fan-out floors in {@code baseline.json}, under the key {@code live_query_fan_out}: write
 * throughput, event throughput, delivery and write-ack p50 in µs, the acked share of writes, and
 * optionally the reference figures of the last accepted run. A named profile replaces them with
 * {@code profiles.<name>.live_query_fan_out}; a profile without that section falls back to the
 * top-level floors, so profiles made only for the other simulations keep working.
 */
public record FanOutBaseline(String source, String profile, Floors floors, double regressionTolerancePct,
                             Optional<Reference> reference, String profileChoice) {
    public static final String KEY = "live_query_fan_out";

    public FanOutBaseline(String source, String profile, Floors floors, double regressionTolerancePct,
                          Optional<Reference> reference) {
        this(source, profile, floors, regressionTolerancePct, reference, "profile " + profile);
    }

    public record Floors(double minWritesOpsPerSec, double minEventsPerSec, long maxDeliveryP50Us,
                         long maxWriteP50Us, double minAckedPct) {
    }

    /** As {@link Baseline.Reference}: {@code run} is the whole reference object, compared by {@link RunIdentity}. */
    public record Reference(String machine, String date, JsonNode parameters, double writesOpsPerSec,
                            double eventsPerSec, long deliveryP50Us, JsonNode run) {
        public Reference(String machine, String date, JsonNode parameters, double writesOpsPerSec,
                         double eventsPerSec, long deliveryP50Us) {
            this(machine, date, parameters, writesOpsPerSec, eventsPerSec, deliveryP50Us,
                    com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        }
    }

    public static FanOutBaseline load(Path file, String profile) {
        BaselineFile baseline = BaselineFile.read(file);
        JsonNode section = baseline.root().path(KEY);
        String where = KEY + ".";
        String usedProfile = BaselineFile.TOP_LEVEL;
        BaselineFile.ProfileChoice choice = baseline.choose(profile);
        String reason = choice.reason();
        if (choice.name() != null) {
            JsonNode ownSection = choice.section().path(KEY);
            if (ownSection.isObject()) {
                section = ownSection;
                where = "profiles." + choice.name() + "." + KEY + ".";
                usedProfile = choice.name();
            } else {
                reason = reason + "; it has no " + KEY + " floors, so the top-level ones apply";
            }
        }
        System.out.println("syncbench: baseline " + reason);
        if (!section.isObject()) {
            throw new BadInputException("baseline " + file + " has no " + KEY + " section");
        }
        Floors floors = new Floors(
                baseline.number(section, where, "min_writes_ops_per_sec", true),
                baseline.number(section, where, "min_events_per_sec", true),
                (long) baseline.number(section, where, "max_delivery_p50_us", true),
                (long) baseline.number(section, where, "max_write_p50_us", true),
                baseline.number(section, where, "min_acked_pct", true));
        return new FanOutBaseline(file.toString(), usedProfile, floors, baseline.regressionTolerancePct(section),
                reference(section.path("reference")), reason);
    }

    private static Optional<Reference> reference(JsonNode node) {
        if (!node.path("writes_ops_per_sec").isNumber()) {
            return Optional.empty();
        }
        return Optional.of(new Reference(node.path("machine").asText("unnamed machine"), node.path("date").asText("?"),
                node.path("parameters"), node.path("writes_ops_per_sec").asDouble(),
                node.path("events_per_sec").asDouble(), node.path("delivery_p50_us").asLong(0), node));
    }
}
