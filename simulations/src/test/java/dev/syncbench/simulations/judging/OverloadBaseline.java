package dev.syncbench.simulations.judging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncbench.simulations.load.BadInputException;
import java.nio.file.Path;

/**
 * The overload's gates in {@code baseline.json}, under {@code overload} (a profile's own section
 * replaces the top-level one): the most heap the server may hold after a collection while
 * overloaded, the most of it beyond its live data once the load is over (what it held in flight),
 * and the most a probe's median round trip may be right after the load stops.
 */
public record OverloadBaseline(String profile, double maxHeapAfterGcMib, double maxInFlightHeapMib,
                               long maxRecoveryP50Us) {
    public static final String KEY = "overload";

    public static OverloadBaseline load(Path file, String requestedProfile) {
        BaselineFile baseline = BaselineFile.read(file);
        JsonNode section = baseline.root().path(KEY);
        String where = KEY + ".";
        String profile = BaselineFile.TOP_LEVEL;
        BaselineFile.ProfileChoice choice = baseline.choose(requestedProfile);
        if (choice.name() != null && choice.section().path(KEY).isObject()) {
            section = choice.section().path(KEY);
            where = "profiles." + choice.name() + "." + KEY + ".";
            profile = choice.name();
        }
        if (!section.isObject()) {
            throw new BadInputException("baseline " + file + " has no " + KEY + " section");
        }
        return new OverloadBaseline(profile, baseline.number(section, where, "max_heap_after_gc_mib", true),
                baseline.number(section, where, "max_in_flight_heap_mib", true),
                (long) baseline.number(section, where, "max_recovery_p50_us", true));
    }
}
