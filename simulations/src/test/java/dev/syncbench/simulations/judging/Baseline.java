package dev.syncbench.simulations.judging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.syncbench.simulations.load.LoadMode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The floors a run must hold and the reference figures it is compared with, read from
 * {@code baseline.json} (TopGun's shape: {@code fire_and_wait}/{@code fire_and_forget} with
 * {@code min_ops_per_sec} and {@code max_p50_us}, plus {@code regression_tolerance_pct}).
 * A named profile under {@code profiles} replaces the floors and the reference for a smaller
 * machine; without {@code -Dbaseline.profile} the profile is chosen by this machine's cores.
 *
 * @param profileChoice which profile applies and why, as printed and archived
 * @param floorLoad the load the ops/s floors were set for, when the file says (a lighter run is not judged on them)
 */
public record Baseline(String source, String profile, Floors floors, double regressionTolerancePct,
                       Optional<Reference> reference, String profileChoice, Optional<FloorLoad> floorLoad) {

    public Baseline(String source, String profile, Floors floors, double regressionTolerancePct,
                    Optional<Reference> reference, String profileChoice) {
        this(source, profile, floors, regressionTolerancePct, reference, profileChoice, Optional.empty());
    }

    public Baseline(String source, String profile, Floors floors, double regressionTolerancePct,
                    Optional<Reference> reference) {
        this(source, profile, floors, regressionTolerancePct, reference, "profile " + profile);
    }

    /**
     * The floors of one mode. {@code minAckedPct} is 0 when the mode has no such floor;
     * {@code maxServerCpuUsPerBatch} is 0 when there is no ceiling on the server's CPU per batch.
     */
    public record Floors(double minOpsPerSec, long maxP50Us, double minAckedPct, double maxServerCpuUsPerBatch) {
        public Floors(double minOpsPerSec, long maxP50Us, double minAckedPct) {
            this(minOpsPerSec, maxP50Us, minAckedPct, 0);
        }
    }

    /**
     * The figures of the last accepted run of a mode and how it was measured; {@code run} is the
     * whole reference object ({@code target}, {@code store}, {@code cpu_cores}, {@code parameters}),
     * which {@link RunIdentity#differenceFrom} compares with a run.
     */
    public record Reference(String machine, String date, JsonNode parameters, double opsPerSec, long p50Us,
                            JsonNode run) {
        public Reference(String machine, String date, JsonNode parameters, double opsPerSec, long p50Us) {
            this(machine, date, parameters, opsPerSec, p50Us, MissingNode.getInstance());
        }
    }

    public static Baseline load(Path file, String profile, LoadMode mode) {
        return load(file, profile, mode, "memory");
    }

    /** {@code store} is the run's store label ("memory", "rocksdb", "rocksdb/fsync", ...), which picks among profiles. */
    public static Baseline load(Path file, String profile, LoadMode mode, String store) {
        BaselineFile baseline = BaselineFile.read(file);
        BaselineFile.ProfileChoice choice = baseline.choose(profile, store);
        System.out.println("syncbench: baseline " + choice.reason());
        JsonNode section = choice.section();
        String where = choice.name() == null ? "" : "profiles." + choice.name() + ".";
        String modeKey = mode.baselineKey();
        JsonNode modeNode = section.path(modeKey);
        String prefix = where + modeKey + ".";
        Floors floors = new Floors(
                baseline.number(modeNode, prefix, "min_ops_per_sec", true),
                (long) baseline.number(modeNode, prefix, "max_p50_us", true),
                baseline.number(modeNode, prefix, "min_acked_pct", mode == LoadMode.FIRE_AND_WAIT),
                baseline.number(modeNode, prefix, "max_server_cpu_us_per_batch", false));
        JsonNode referenceNode = section.path("reference");
        if (referenceNode.isMissingNode() && choice.name() != null) {
            referenceNode = baseline.root().path("reference");
        }
        return new Baseline(file.toString(), choice.label(), floors, baseline.regressionTolerancePct(section),
                reference(referenceNode, modeKey), choice.reason(), FloorLoad.read(baseline));
    }

    private static Optional<Reference> reference(JsonNode node, String modeKey) {
        JsonNode figures = node.path(modeKey);
        if (!figures.path("ops_per_sec").isNumber()) {
            return Optional.empty();
        }
        return Optional.of(new Reference(node.path("machine").asText("unnamed machine"),
                node.path("date").asText("?"), node.path("parameters"),
                figures.path("ops_per_sec").asDouble(), figures.path("p50_us").asLong(0), node));
    }
}
