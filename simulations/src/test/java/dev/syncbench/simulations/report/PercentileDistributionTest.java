package dev.syncbench.simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The summary keeps a histogram's whole percentile curve, as HdrHistogram prints it. */
class PercentileDistributionTest {

    @Test
    void theCurveRisesFromTheMedianRegionToTheMaximumAt100Percent() {
        Histogram histogram = new Histogram(3);
        for (long us = 1; us <= 10_000; us++) {
            histogram.recordValue(us);
        }
        List<Map<String, Object>> points = PercentileDistribution.of(histogram);
        assertTrue(points.size() > 40, "HdrHistogram's ticks reach past 99.99 %: " + points.size());
        Map<String, Object> last = points.getLast();
        assertEquals(100.0, last.get("percentile"));
        assertEquals(histogram.highestEquivalentValue(histogram.getMaxValue()), last.get("value_us"));
        long median = points.stream().filter(point -> (double) point.get("percentile") >= 50).findFirst()
                .map(point -> (long) point.get("value_us")).orElseThrow();
        assertEquals(histogram.getValueAtPercentile(50), median, 10);
        for (int i = 1; i < points.size(); i++) {
            assertTrue((double) points.get(i).get("percentile") >= (double) points.get(i - 1).get("percentile"));
            assertTrue((long) points.get(i).get("value_us") >= (long) points.get(i - 1).get("value_us"));
        }
    }

    @Test
    void anEmptyHistogramHasNoCurve() {
        assertEquals(List.of(), PercentileDistribution.of(new Histogram(3)));
        assertEquals(List.of(), PercentileDistribution.of(null));
    }
}
