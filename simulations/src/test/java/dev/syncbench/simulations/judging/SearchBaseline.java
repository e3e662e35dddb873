package dev.syncbench.simulations.judging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncbench.simulations.load.BadInputException;
import java.nio.file.Path;

/**
 * The search floors in {@code baseline.json}, under the key {@code search}: search throughput,
 * the search and delivery p99 ceilings in µs, the most live-search deliveries a run may miss (0),
 * and the acknowledged share of writes. A profile replaces them with {@code profiles.<name>.search};
 * a profile without that section falls back to the top-level floors, as for the fan-out.
 */
public record SearchBaseline(String source, String profile, Floors floors, String profileChoice) {
    public static final String KEY = "search";

    public record Floors(double minSearchOpsPerSec, long maxSearchP99Us, long maxDeliveryP99Us,
                         long maxMissedDeliveries, double minAckedPct) {
    }

    /** {@code store} is the run's store label, which picks among profiles as for the other populations. */
    public static SearchBaseline load(Path file, String profile, String store) {
        BaselineFile baseline = BaselineFile.read(file);
        JsonNode section = baseline.root().path(KEY);
        String where = KEY + ".";
        String usedProfile = BaselineFile.TOP_LEVEL;
        BaselineFile.ProfileChoice choice = baseline.choose(profile, store);
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
                baseline.number(section, where, "min_search_ops_per_sec", true),
                (long) baseline.number(section, where, "max_search_p99_us", true),
                (long) baseline.number(section, where, "max_delivery_p99_us", true),
                (long) baseline.number(section, where, "max_missed_deliveries", true),
                baseline.number(section, where, "min_acked_pct", true));
        return new SearchBaseline(file.toString(), usedProfile, floors, reason);
    }
}
