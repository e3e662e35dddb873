package dev.syncbench.simulations.merge;

import dev.syncbench.simulations.judging.Baseline;
import dev.syncbench.simulations.judging.CountingSettings;
import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.judging.LoadMeasurement;
import dev.syncbench.simulations.judging.RunIdentity;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.target.TargetKind;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a run keeps its latency log and {@link InjectorRecord} for a later merge, and writing them: the
 * run's own folder under {@code reports/}, or {@code <-Dhdr.dir>/<run>} when that is given.
 */
public final class InjectorLogs {
    private InjectorLogs() {
    }

    /** {@code <-Dhdr.dir>/<run name>} when {@code -Dhdr.dir} is set, else {@code archivedRunDir}. */
    public static Path dirFor(Path archivedRunDir) {
        String hdrDir = System.getProperty("hdr.dir");
        if (hdrDir == null || hdrDir.isBlank()) {
            return archivedRunDir;
        }
        return Path.of(hdrDir.trim()).resolve(archivedRunDir.getFileName());
    }

    /**
     * Writes the run's log and record into {@code dir}; the window's ends are converted from the monotonic
     * clock ({@code *Nanos}) to this injector's wall clock. A run that cannot write them says so and goes on:
     * its verdict does not depend on them.
     */
    public static void keep(Path dir, PrintStream out, String simulation, LoadMode mode, LoadSettings settings,
                            CountingSettings counting, Baseline baseline, TargetKind targetKind, String target,
                            RunResult result, LoadMeasurement measured, long startNanos, long endNanos) {
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        boolean measuredAny = startNanos != Long.MAX_VALUE && endNanos != Long.MIN_VALUE;
        long startMillis = measuredAny ? nowMillis - (nowNanos - startNanos) / 1_000_000 : nowMillis;
        long endMillis = measuredAny ? nowMillis - (nowNanos - endNanos) / 1_000_000 : nowMillis;
        Optional<GateResult> nothingLost = result.gates().stream()
                .filter(gate -> gate.name().equals("nothing_lost")).findFirst();
        InjectorRecord record = new InjectorRecord(simulation, mode, result.label(), targetKind.label(), target,
                settings.map(), RunIdentity.storeOf(targetKind), baseline.profile(), settings.asMap(), counting.ordered(),
                counting.warmupSecs(), counting.fixedSchedule(), hostName(), dir.getFileName().toString(),
                startMillis, endMillis, result.loadSeconds(), result.countedOps(), measured.measured(),
                measured.warmup(), measured.unsentBatches(), measured.authenticatedConnections(),
                measured.otherFrames(), measured.unattributedErrors(), measured.outOfOrderAnswers(),
                measured.lateAnswers(), nothingLost.map(GateResult::line).orElse("not checked"),
                InjectorRun.countsOf(InjectorRun.histogramsOf(measured)));
        try {
            InjectorRun.write(dir, record, measured);
            out.println("syncbench: latency log for merging injectors' runs: " + dir.resolve(InjectorRun.LOG));
        } catch (IOException e) {
            out.println("syncbench: could not write the latency log into " + dir + ": " + e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null ? "unknown host" : fromEnvironment;
        }
    }
}
