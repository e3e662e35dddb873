package dev.syncbench.simulations.report;

import dev.syncbench.simulations.judging.GateResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The console parts every report shares: TopGun's µs latency table and the PASS/FAIL and warning lines. */
public final class LatencyTable {
    private static final String ROW = "%-26s %10s %10s %10s %10s %10s %10s%n";

    private LatencyTable() {
    }

    public static void printHeader(PrintStream out) {
        out.printf(Locale.ROOT, ROW, "operation", "count", "p50 µs", "p95 µs", "p99 µs", "p99.9 µs", "max µs");
    }

    public static void printRow(PrintStream out, String name, Histogram h) {
        out.printf(Locale.ROOT, ROW, name, h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(95),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    /** The gate lines, the warnings, a blank line; then flushes, as the report ends there. */
    static void printVerdict(PrintStream out, List<GateResult> gates, List<String> warnings) {
        gates.forEach(gate -> out.println(gate.line()));
        warnings.forEach(out::println);
        out.println();
        out.flush();
    }
}
