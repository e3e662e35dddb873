package dev.syncbench.simulations.judging;

import dev.syncbench.simulations.load.RunMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one run measured, judged against the baseline.
 *
 * @param label the mode as printed ("fire-and-wait", "fire-and-forget", or the unconfirmed variant)
 * @param countedOps the ops the headline rate counts (confirmed; for window 0, sent), warm-up excluded
 * @param opsPerSec countedOps over the load seconds
 * @param headline the histogram the p50 gate reads (null when the mode records none)
 * @param sentOps ops in batches actually written to a socket, warm-up excluded
 * @param appliedOps records the store holds in the written map after the run, or -1 when it cannot tell
 * @param awaitedBatches units (windows; fire-and-wait: batches) that ended, warm-up excluded
 * @param ackedBatches of those, the confirmed ones
 * @param otherFrames frames that answer no batch of the connection (QUERY_RESP, an OP_ACK naming none, ...)
 * @param counts the measured counts; {@code warmup} the warm-up's
 * @param unattributedErrors ERRORs not tied to a batch (the target does not promise order), by description
 */
public record RunResult(
        String label,
        long countedOps,
        double loadSeconds,
        double opsPerSec,
        Histogram headline,
        List<NamedHistogram> histograms,
        long sentOps,
        long appliedOps,
        long awaitedBatches,
        long ackedBatches,
        long unsentBatches,
        long authenticatedConnections,
        Map<String, Long> otherFrames,
        List<GateResult> gates,
        List<String> warnings,
        Counts counts,
        Counts warmup,
        Map<String, Long> unattributedErrors,
        long outOfOrderAnswers,
        long lateAnswers) {

    public record NamedHistogram(String name, Histogram histogram) {
    }

    /** A frozen {@link RunMetrics.Tally}. */
    public record Counts(long sentBatches, long sentOps, long confirmedBatches, long confirmedOps,
                         long rejectingBatches, long rejectedOps, long erroredBatches, long timedOutBatches,
                         long timedOutOps, long windows, long confirmedWindows, long timedOutWindows) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        static Counts of(RunMetrics.Tally t) {
            return new Counts(t.sentBatches(), t.sentOps(), t.confirmedBatches(), t.confirmedOps(),
                    t.rejectingBatches(), t.rejectedOps(), t.erroredBatches(), t.timedOutBatches(), t.timedOutOps(),
                    t.windows(), t.confirmedWindows(), t.timedOutWindows());
        }

        /** The counts of {@code asMap}'s shape read back; a missing or non-numeric count is refused. */
        public static Counts fromMap(Map<String, Long> map) {
            long[] values = new long[KEYS.size()];
            for (int i = 0; i < values.length; i++) {
                Long value = map.get(KEYS.get(i));
                if (value == null || value < 0) {
                    throw new IllegalArgumentException("count '" + KEYS.get(i) + "' is missing or negative");
                }
                values[i] = value;
            }
            return new Counts(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
                    values[8], values[9], values[10], values[11]);
        }

        /** These counts and {@code other}'s, added (several injectors' runs of one load). */
        public Counts plus(Counts other) {
            return new Counts(sentBatches + other.sentBatches, sentOps + other.sentOps,
                    confirmedBatches + other.confirmedBatches, confirmedOps + other.confirmedOps,
                    rejectingBatches + other.rejectingBatches, rejectedOps + other.rejectedOps,
                    erroredBatches + other.erroredBatches, timedOutBatches + other.timedOutBatches,
                    timedOutOps + other.timedOutOps, windows + other.windows,
                    confirmedWindows + other.confirmedWindows, timedOutWindows + other.timedOutWindows);
        }

        /** Batches that ended one way or another. */
        long endedBatches() {
            return confirmedBatches + rejectingBatches + erroredBatches + timedOutBatches;
        }

        /** The JSON names of the counts, in the order of the record's components. */
        private static final List<String> KEYS = List.of("sent_batches", "sent_ops", "confirmed_batches",
                "confirmed_ops", "batches_with_rejected_ops", "rejected_ops", "batches_answered_with_error",
                "timed_out_batches", "timed_out_ops", "windows", "confirmed_windows", "timed_out_windows");

        public Map<String, Object> asMap() {
            long[] values = {sentBatches, sentOps, confirmedBatches, confirmedOps, rejectingBatches, rejectedOps,
                    erroredBatches, timedOutBatches, timedOutOps, windows, confirmedWindows, timedOutWindows};
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                map.put(KEYS.get(i), values[i]);
            }
            return map;
        }
    }

    /** This result with {@code extra} gates judged beside its own. */
    public RunResult withGates(List<GateResult> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        List<GateResult> all = new java.util.ArrayList<>(gates);
        all.addAll(extra);
        return new RunResult(label, countedOps, loadSeconds, opsPerSec, headline, histograms, sentOps, appliedOps,
                awaitedBatches, ackedBatches, unsentBatches, authenticatedConnections, otherFrames, List.copyOf(all),
                warnings, counts, warmup, unattributedErrors, outOfOrderAnswers, lateAnswers);
    }

    public boolean passed() {
        return gates.stream().allMatch(GateResult::passed);
    }

    /** The counts as they go into the JSON summary. */
    public Map<String, Object> countsJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("measured", counts.asMap());
        json.put("warmup", warmup.asMap());
        json.put("errors_not_tied_to_a_batch", unattributedErrors);
        json.put("acks_out_of_order", outOfOrderAnswers);
        json.put("answers_after_timeout", lateAnswers);
        return json;
    }
}
