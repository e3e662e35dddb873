package dev.syncbench.simulations.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A histogram's percentile distribution as HdrHistogram prints it ({@code outputPercentileDistribution}):
 * the value at percentiles that halve the distance to 100 % in {@link #TICKS_PER_HALF_DISTANCE} steps,
 * up to the maximum. The summary keeps these points so a page can plot a run's whole latency curve
 * on HdrHistogram's {@code 1/(1-percentile)} axis, and overlay runs, long after the run.
 */
public final class PercentileDistribution {
    /** HdrHistogram's own default for its percentile output: about 100 points for a typical run. */
    static final int TICKS_PER_HALF_DISTANCE = 5;

    private PercentileDistribution() {
    }

    /** {@code [{percentile, value_us}]}, percentile in 0..100; empty for an empty histogram. */
    public static List<Map<String, Object>> of(Histogram histogram) {
        List<Map<String, Object>> points = new ArrayList<>();
        if (histogram == null || histogram.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue value : histogram.percentiles(TICKS_PER_HALF_DISTANCE)) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("percentile", Math.round(value.getPercentileLevelIteratedTo() * 1e6) / 1e6);
            point.put("value_us", histogram.highestEquivalentValue(value.getValueIteratedTo()));
            points.add(point);
        }
        return points;
    }
}
