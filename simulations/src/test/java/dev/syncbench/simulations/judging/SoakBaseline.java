package dev.syncbench.simulations.judging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.target.ResourceSample;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The soak's gates in {@code baseline.json}, under {@code soak} (a profile's own section replaces
 * the top-level one): the warm-up left out of every trend, the most each sampled series may climb
 * per minute by its least-squares slope, and the most the writes' p99 may be over the whole run.
 */
public record SoakBaseline(String source, String profile, double warmupSecs, Map<String, Double> maxSlopePerMinute,
                           long maxWriteP99Us) {
    public static final String KEY = "soak";

    public static SoakBaseline load(Path file, String requestedProfile) {
        BaselineFile baseline = BaselineFile.read(file);
        BaselineFile.Section chosen = baseline.section(KEY, requestedProfile);
        JsonNode section = chosen.node();
        String where = chosen.where();
        String profile = chosen.profile();
        Map<String, Double> slopes = new LinkedHashMap<>();
        JsonNode slopeNode = section.path("max_slope_per_minute");
        for (ResourceSample.Series series : ResourceSample.SERIES) {
            if (slopeNode.has(series.name())) {
                slopes.put(series.name(), baseline.number(slopeNode, where + "max_slope_per_minute.", series.name(),
                        true));
            }
        }
        if (slopes.isEmpty()) {
            throw new BadInputException("baseline " + file + ": " + where + "max_slope_per_minute names no series "
                    + "(expected some of " + ResourceSample.SERIES.stream().map(ResourceSample.Series::name).toList() + ")");
        }
        return new SoakBaseline(file.toString(), profile, baseline.number(section, where, "warmup_secs", true), slopes,
                (long) baseline.number(section, where, "max_write_p99_us", true));
    }
}
