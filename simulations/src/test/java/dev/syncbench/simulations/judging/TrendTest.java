package dev.syncbench.simulations.judging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendTest {

    @Test
    void aSteadyClimbIsItsSlopePerMinute() {
        List<Trend.Point> series = new ArrayList<>();
        for (int s = 0; s <= 600; s += 10) {
            series.add(new Trend.Point(s, 100 + 0.5 * s)); // 0.5 per second
        }
        Trend trend = Trend.fit(series, 0);
        assertEquals(30.0, trend.slopePerMinute(), 1e-9);
        assertEquals(61, trend.points());
        assertEquals(100.0, trend.first(), 1e-9);
        assertEquals(400.0, trend.last(), 1e-9);
    }

    @Test
    void noiseAroundALevelHasNoSlope() {
        List<Trend.Point> series = new ArrayList<>();
        for (int s = 0; s < 100; s++) {
            series.add(new Trend.Point(s, s % 2 == 0 ? 90 : 110));
        }
        assertEquals(0.0, Trend.fit(series, 0).slopePerMinute(), 1.5);
    }

    @Test
    void theWarmUpIsLeftOut() {
        List<Trend.Point> series = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            series.add(new Trend.Point(s, s * 10)); // climbing while pools fill
        }
        for (int s = 30; s < 120; s++) {
            series.add(new Trend.Point(s, 300));
        }
        assertEquals(0.0, Trend.fit(series, 30).slopePerMinute(), 1e-9);
        assertEquals(90, Trend.fit(series, 30).points());
    }

    @Test
    void aFallingSeriesHasANegativeSlope() {
        Trend trend = Trend.fit(List.of(new Trend.Point(0, 10), new Trend.Point(60, 4)), 0);
        assertEquals(-6.0, trend.slopePerMinute(), 1e-9);
    }

    @Test
    void fewerThanTwoPointsHaveNoSlope() {
        assertEquals(0.0, Trend.fit(List.of(new Trend.Point(5, 7)), 0).slopePerMinute());
        assertEquals(0, Trend.fit(List.of(new Trend.Point(5, 7)), 10).points());
    }
}
