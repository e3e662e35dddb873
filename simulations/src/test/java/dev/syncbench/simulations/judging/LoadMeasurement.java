package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.load.RunMetrics;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything {@link Judge} reads of a load run, frozen: the counts, the three histograms and the
 * load window's length. One injector's run makes it from its {@link RunMetrics}; a merge of several
 * injectors' runs makes it by adding theirs, so both are judged by the same code.
 *
 * @param windows every window's round trip in µs (fire-and-wait: every batch's), timeouts at the time waited
 * @param batches every batch's round trip in µs
 * @param unitMillis every unit's round trip in whole ms rounded up: what Gatling's statistics received
 * @param loadSeconds from the first measured send to the last confirmation
 */
public record LoadMeasurement(RunResult.Counts measured, RunResult.Counts warmup, Histogram windows,
                              Histogram batches, Histogram unitMillis, double loadSeconds, long unsentBatches,
                              long authenticatedConnections, Map<String, Long> otherFrames,
                              Map<String, Long> unattributedErrors, long outOfOrderAnswers, long lateAnswers) {

    public static LoadMeasurement of(RunMetrics metrics) {
        return new LoadMeasurement(RunResult.Counts.of(metrics.measured()), RunResult.Counts.of(metrics.warmup()),
                metrics.windowHistogram(), metrics.batchHistogram(), metrics.unitMillisHistogram(),
                metrics.loadSeconds(), metrics.unsentBatches(), metrics.authenticatedConnections(),
                metrics.otherFrames(), metrics.unattributedErrors(), metrics.outOfOrderAnswers(),
                metrics.lateAnswers());
    }
}
