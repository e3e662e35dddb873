package dev.syncbench.simulations.report;

import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.judging.RunCost;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.load.LoadSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a run the way TopGun's harness does: a latency table in µs, then ops/sec and the counts, then
 * what the run cost (CPU, ceiling), and last the verdict: every PASS/FAIL line, the run's and the cost's.
 */
public final class ConsoleReport {
    private ConsoleReport() {
    }

    /** A run's report: it wrote into {@code settings.map()}. */
    public static void print(PrintStream out, LoadSettings settings, String target, RunResult result, RunCost cost) {
        print(out, settings, target, "map " + settings.map(), result, cost);
    }

    /**
     * {@code maps} says where the load wrote ("map bench"; a merge lists its injectors' maps); {@code cost}
     * is null when the run's CPU was not measured (a merge of injectors' logs).
     */
    public static void print(PrintStream out, LoadSettings settings, String target, String maps, RunResult result,
                             RunCost cost) {
        out.println();
        out.println("=== syncbench " + result.label() + " against " + target + " ===");
        out.printf(Locale.ROOT, "connections %d, duration %d s, batch %d ops%s, %s%n", settings.connections(),
                settings.durationSecs(), settings.batchSize(), result.label().startsWith("fire-and-wait")
                        ? ", interval " + settings.intervalMs() + " ms"
                        : ", window " + settings.window() + " batches", maps);
        LatencyTable.printHeader(out);
        for (RunResult.NamedHistogram named : result.histograms()) {
            LatencyTable.printRow(out, named.name(), named.histogram());
        }
        if (result.histograms().isEmpty()) {
            out.println("(no latency: batches are never awaited in this mode)");
        }
        out.println("(latency: every unit that ended, confirmed or not; a timed-out one at the time it waited)");
        out.printf(Locale.ROOT, "ops/sec: %.0f (%d ops %s in %.1f s, from the first send after the warm-up "
                        + "to the last confirmation)%n", result.opsPerSec(), result.countedOps(),
                result.headline() == null ? "sent (unconfirmed)" : "confirmed by their own OP_ACK",
                result.loadSeconds());
        Capacity.of(result.opsPerSec()).print(out);
        RunResult.Counts c = result.counts();
        out.printf(Locale.ROOT, "batches: %d sent, %d confirmed, %d with rejected ops (%d ops), %d answered with an ERROR, "
                        + "%d timed out, %d not sent (socket closed)%n", c.sentBatches(), c.confirmedBatches(),
                c.rejectingBatches(), c.rejectedOps(), c.erroredBatches(), c.timedOutBatches(),
                result.unsentBatches());
        out.printf(Locale.ROOT, "units (%s): %d ended, %d confirmed, %d timed out; warm-up (not in the figures): "
                        + "%d batches sent, %d confirmed; connections authenticated: %d of %d%n",
                result.label().startsWith("fire-and-wait") ? "batches" : "windows", c.windows(), c.confirmedWindows(),
                c.timedOutWindows(), result.warmup().sentBatches(), result.warmup().confirmedBatches(),
                result.authenticatedConnections(), settings.connections());
        result.unattributedErrors().forEach((description, count) ->
                out.println("errors not tied to a batch (replies in any order): " + count + " x " + description));
        result.otherFrames().forEach((description, count) ->
                out.println("frames answering no batch: " + count + " x " + description));
        if (result.lateAnswers() > 0) {
            out.println("answers after their batch had timed out (not counted): " + result.lateAnswers());
        }
        List<GateResult> gates = new ArrayList<>(result.gates());
        if (cost != null) {
            cost.printFigures(out);
            gates.addAll(cost.gates());
        }
        LatencyTable.printVerdict(out, gates, result.warnings());
    }
}
