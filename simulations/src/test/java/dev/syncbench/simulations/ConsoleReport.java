package dev.syncbench.simulations;

import java.io.PrintStream;
import java.util.Locale;

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
        LatencyTable.printHeader(out);
        for (RunResult.NamedHistogram named : result.histograms()) {
            LatencyTable.printRow(out, named.name(), named.histogram());
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
        LatencyTable.printVerdict(out, result.gates(), result.warnings());
    }
}
