package dev.syncbench.simulations;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
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
        BaselineFile baseline = BaselineFile.read(file);
        JsonNode section = profile == null ? baseline.root() : baseline.profile(profile);
        String where = profile == null ? "" : "profiles." + profile + ".";
        String modeKey = mode.baselineKey();
        JsonNode modeNode = section.path(modeKey);
        String prefix = where + modeKey + ".";
        Floors floors = new Floors(
                baseline.number(modeNode, prefix, "min_ops_per_sec", true),
                (long) baseline.number(modeNode, prefix, "max_p50_us", true),
                baseline.number(modeNode, prefix, "min_acked_pct", mode == LoadMode.FIRE_AND_WAIT));
        JsonNode referenceNode = section.path("reference");
        if (referenceNode.isMissingNode() && profile != null) {
            referenceNode = baseline.root().path("reference");
        }
        return new Baseline(file.toString(), profile == null ? "default" : profile, floors,
                baseline.regressionTolerancePct(section), reference(referenceNode, modeKey));
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
}
