package dev.syncbench.simulations.merge;

import dev.syncbench.simulations.judging.LoadMeasurement;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.load.LoadMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A fire-and-wait run of one injector as the tests need it, written to a directory exactly as a run
 * writes its own: each latency value is one batch confirmed with {@link #BATCH} ops.
 */
record InjectorFixture(String simulation, String targetKind, String target, String map, int batchSize,
                       String profile, long startMillis, long endMillis, long[] latenciesUs) {
    static final int BATCH = 10;
    static final String SERVER = "ws://10.0.0.5:8080/ws";

    static InjectorFixture of(long startMillis, long endMillis, long... latenciesUs) {
        // no map named: each injector writes the map named after its directory, as -Dmap=injector-a would
        return new InjectorFixture("dev.syncbench.simulations.FireAndWaitSimulation", "external", SERVER, null,
                BATCH, "ci-2core", startMillis, endMillis, latenciesUs);
    }

    InjectorFixture simulation(String name) {
        return new InjectorFixture(name, targetKind, target, map, batchSize, profile, startMillis, endMillis,
                latenciesUs);
    }

    InjectorFixture target(String kind, String description) {
        return new InjectorFixture(simulation, kind, description, map, batchSize, profile, startMillis, endMillis,
                latenciesUs);
    }

    InjectorFixture batchSize(int ops) {
        return new InjectorFixture(simulation, targetKind, target, map, ops, profile, startMillis, endMillis,
                latenciesUs);
    }

    InjectorFixture profile(String name) {
        return new InjectorFixture(simulation, targetKind, target, map, batchSize, name, startMillis, endMillis,
                latenciesUs);
    }

    InjectorFixture map(String name) {
        return new InjectorFixture(simulation, targetKind, target, name, batchSize, profile, startMillis, endMillis,
                latenciesUs);
    }

    static Histogram histogramOf(long... values) {
        Histogram histogram = new Histogram(3);
        for (long value : values) {
            histogram.recordValue(value);
        }
        return histogram;
    }

    long confirmedOps() {
        return (long) latenciesUs.length * batchSize;
    }

    /** Writes the run into {@code dir}, as {@link InjectorLogs#keep} does. */
    Path writeTo(Path dir) throws IOException {
        int batches = latenciesUs.length;
        RunResult.Counts counts = new RunResult.Counts(batches, confirmedOps(), batches, confirmedOps(), 0, 0, 0, 0, 0,
                batches, batches, 0);
        Histogram millis = new Histogram(3);
        for (long us : latenciesUs) {
            millis.recordValue((us + 999) / 1000);
        }
        LoadMeasurement measured = new LoadMeasurement(counts, RunResult.Counts.NONE, histogramOf(latenciesUs),
                histogramOf(latenciesUs), millis, (endMillis - startMillis) / 1000.0, 0, 4, Map.of(), Map.of(), 0, 0);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("connections", 4);
        parameters.put("duration_secs", 30);
        parameters.put("interval_ms", 50);
        parameters.put("batch_size", batchSize);
        parameters.put("window", 50);
        parameters.put("baseline_profile", profile);
        InjectorRecord record = new InjectorRecord(simulation, LoadMode.FIRE_AND_WAIT, "fire-and-wait", targetKind,
                target, map == null ? dir.getFileName().toString() : map, "unknown", profile, parameters, true, 5, false, "injector-" + dir.getFileName(),
                "2026-12-01T03-00-00Z-fire-and-wait", startMillis, endMillis, (endMillis - startMillis) / 1000.0,
                confirmedOps(), counts, RunResult.Counts.NONE, 0, 4, Map.of(), Map.of(), 0, 0, "not checked",
                InjectorRun.countsOf(InjectorRun.histogramsOf(measured)));
        InjectorRun.write(dir, record, measured);
        return dir;
    }
}
