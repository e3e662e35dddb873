package dev.syncbench.simulations;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Prints a run the way TopGun's harness does: a latency table in µs, then ops/sec, then PASS/FAIL lines. */
public final class ConsoleReport {
    private ConsoleReport() {
    }

    public static void print(PrintStream out, LoadSettings settings, String target, RunResult result) {
        out.println();
        out.println("=== syncbench " + result.label() + " against " + target + " ===");
        out.printf(Locale.ROOT, "connections %d, duration %d s, batch %d ops%s%n", settings.connections(),
                settings.durationSecs(), settings.batchSize(), result.label().startsWith("fire-and-wait")
                        ? ", interval " + settings.intervalMs() + " ms"
                        : ", window " + settings.window() + " batches");
        String row = "%-26s %10s %10s %10s %10s %10s %10s%n";
        out.printf(Locale.ROOT, row, "operation", "count", "p50 µs", "p95 µs", "p99 µs", "p99.9 µs", "max µs");
        for (RunResult.NamedHistogram named : result.histograms()) {
            Histogram h = named.histogram();
            out.printf(Locale.ROOT, row, named.name(), h.getTotalCount(), h.getValueAtPercentile(50),
                    h.getValueAtPercentile(95), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
                    h.getMaxValue());
        }
        if (result.histograms().isEmpty()) {
            out.println("(no latency: batches are never awaited in this mode)");
        }
        out.printf(Locale.ROOT, "ops/sec: %.0f (%d ops %s in %.1f s)%n", result.opsPerSec(), result.countedOps(),
                result.headline() == null ? "sent, timed until the server answered a PING sent after them"
                        : "acknowledged", result.loadSeconds());
        out.printf(Locale.ROOT, "batches: %d sent, %d awaited, %d acked, %d not sent (socket closed); "
                        + "connections authenticated: %d of %d%n",
                result.sentOps() / settings.batchSize(), result.awaitedBatches(), result.ackedBatches(),
                result.unsentBatches(), result.authenticatedConnections(), settings.connections());
        result.otherFrames().forEach((description, count) ->
                out.println("unexpected frames while awaiting acks: " + count + " x " + description));
        out.println(result.appliedOps() >= 0
                ? "nothing lost: server applied " + result.appliedOps() + " ops, clients sent " + result.sentOps()
                : "nothing lost: not checked (the target does not report applied ops); clients sent "
                        + result.sentOps() + " ops");
        for (GateResult gate : result.gates()) {
            out.println(gate.line());
        }
        for (String warning : result.warnings()) {
            out.println(warning);
        }
        out.println();
        out.flush();
    }
}
