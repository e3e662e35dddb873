package dev.syncbench.simulations.judging;

import java.util.List;

/**
 * The least-squares line through a series of (time, value) points: its slope says whether a
 * figure sampled over a long run trends upward (a leak) or only wanders around a level.
 *
 * @param slopePerMinute the fitted change per minute, in the series' unit (0 with fewer than 2 points)
 * @param points how many points were fitted
 * @param first the fitted value at the first point's time
 * @param last the fitted value at the last point's time
 */
public record Trend(double slopePerMinute, int points, double first, double last) {

    /** A sampled value at {@code atSecs} seconds from the start of the run. */
    public record Point(double atSecs, double value) {
    }

    /** The least-squares fit of the points taken at or after {@code fromSecs} (the warm-up is left out). */
    public static Trend fit(List<Point> series, double fromSecs) {
        List<Point> kept = series.stream().filter(point -> point.atSecs() >= fromSecs).toList();
        int n = kept.size();
        if (n == 0) {
            return new Trend(0, 0, Double.NaN, Double.NaN);
        }
        double meanT = kept.stream().mapToDouble(Point::atSecs).average().orElse(0);
        double meanV = kept.stream().mapToDouble(Point::value).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (Point point : kept) {
            double dt = point.atSecs() - meanT;
            covariance += dt * (point.value() - meanV);
            variance += dt * dt;
        }
        double slopePerSec = variance == 0 ? 0 : covariance / variance;
        double firstT = kept.getFirst().atSecs();
        double lastT = kept.getLast().atSecs();
        return new Trend(slopePerSec * 60, n, meanV + slopePerSec * (firstT - meanT),
                meanV + slopePerSec * (lastT - meanT));
    }
}
