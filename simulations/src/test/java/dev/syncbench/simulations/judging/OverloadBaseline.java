package dev.syncbench.simulations.judging;

import com.fasterxml.jackson.databind.JsonNode;
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
        BaselineFile.Section chosen = baseline.section(KEY, requestedProfile);
        JsonNode section = chosen.node();
        String where = chosen.where();
        String profile = chosen.profile();
        return new OverloadBaseline(profile, baseline.number(section, where, "max_heap_after_gc_mib", true),
                baseline.number(section, where, "max_in_flight_heap_mib", true),
                (long) baseline.number(section, where, "max_recovery_p50_us", true));
    }
}
