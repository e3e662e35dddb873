package dev.syncbench.simulations.merge;

import dev.syncbench.simulations.judging.LoadMeasurement;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.load.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Several injectors' runs of one load, added into one: the histograms with {@link Histogram#add} (so a
 * merged percentile is the percentile of every value any injector recorded, never an average of
 * percentiles), the counts summed, and the window the union of theirs, so the merged ops/s is every
 * counted op over the span in which they were counted. Runs that are not of one load are refused:
 * another simulation, mode, target, store or load shape, a server of their own, two injectors that wrote
 * one map (they overwrote each other's records, and each one's read-back counted the other's), or windows
 * that do not overlap for at least {@link #MIN_OVERLAP} of their union. Their maps are meant to differ.
 */
public final class RunMerge {
    /** The share of the union the injectors' windows must have in common: less, and they did not run together. */
    static final double MIN_OVERLAP = 0.5;
    /** Targets each run starts for itself: several injectors' runs against them loaded several servers. */
    private static final Set<String> PRIVATE_TARGETS = Set.of("embedded", "echo", "jar", "process");
    /** The load parameters every injector must share; connections add up instead. */
    private static final List<String> SHARED_PARAMETERS = List.of("duration_secs", "interval_ms", "batch_size", "window");

    private RunMerge() {
    }

    /**
     * The merged run.
     *
     * @param first the run whose identity (simulation, mode, target, parameters) all share
     * @param connections every injector's connections
     * @param windowStartMillis the earliest injector's first measured send (epoch ms)
     * @param windowEndMillis the latest injector's last confirmation (epoch ms)
     * @param overlapSeconds how long every injector was measuring at once
     */
    public record Merged(List<InjectorRun> runs, InjectorRecord first, int connections, long windowStartMillis,
                         long windowEndMillis, double overlapSeconds, LoadMeasurement measurement, long countedOps) {
    }

    public static Merged merge(List<InjectorRun> runs) {
        if (runs.isEmpty()) {
            throw new BadInputException("no run to merge: give each injector's run directory");
        }
        InjectorRun first = runs.getFirst();
        for (InjectorRun run : runs.subList(1, runs.size())) {
            checkSameLoad(first, run);
        }
        if (runs.size() > 1 && PRIVATE_TARGETS.contains(first.record().targetKind())) {
            throw new BadInputException(first.dir() + " ran against its own " + first.record().targetKind()
                    + " server (" + first.record().target() + "): several injectors' runs merge only when they "
                    + "loaded one server; run each injector with -Dtarget=ws://<server>:<port>/ws");
        }
        checkOwnMaps(runs);
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        long latestStart = Long.MIN_VALUE;
        long earliestEnd = Long.MAX_VALUE;
        for (InjectorRun run : runs) {
            InjectorRecord r = run.record();
            if (r.windowEndMillis() <= r.windowStartMillis()) {
                throw new BadInputException(run.dir() + " measured no window (nothing was confirmed), so it "
                        + "cannot be placed beside the others");
            }
            start = Math.min(start, r.windowStartMillis());
            end = Math.max(end, r.windowEndMillis());
            latestStart = Math.max(latestStart, r.windowStartMillis());
            earliestEnd = Math.min(earliestEnd, r.windowEndMillis());
        }
        long overlap = earliestEnd - latestStart;
        if (overlap <= 0 || overlap < MIN_OVERLAP * (end - start)) {
            throw new BadInputException(String.format(Locale.ROOT, "the injectors' measured windows %s: %s; "
                            + "start every injector at once (the same -Dduration and -Dwarmup) and merge runs of one load",
                    overlap <= 0 ? "do not overlap" : "overlap for only " + overlap + " ms of " + (end - start)
                            + " ms (at least " + Math.round(MIN_OVERLAP * 100) + "% needed)", windows(runs)));
        }
        return new Merged(List.copyOf(runs), first.record(), runs.stream().mapToInt(r -> r.record().connections()).sum(),
                start, end, overlap / 1000.0, measurement(runs, start, end),
                runs.stream().mapToLong(r -> r.record().countedOps()).sum());
    }

    private static LoadMeasurement measurement(List<InjectorRun> runs, long start, long end) {
        RunResult.Counts measured = RunResult.Counts.NONE;
        RunResult.Counts warmup = RunResult.Counts.NONE;
        Histogram windows = new Histogram(3);
        Histogram batches = new Histogram(3);
        Histogram unitMillis = new Histogram(3);
        long unsent = 0;
        long authenticated = 0;
        long outOfOrder = 0;
        long late = 0;
        Map<String, Long> otherFrames = new LinkedHashMap<>();
        Map<String, Long> errors = new LinkedHashMap<>();
        for (InjectorRun run : runs) {
            InjectorRecord r = run.record();
            measured = measured.plus(r.measured());
            warmup = warmup.plus(r.warmup());
            windows.add(run.histograms().get(InjectorRun.WINDOWS));
            batches.add(run.histograms().get(InjectorRun.BATCHES));
            unitMillis.add(run.histograms().get(InjectorRun.UNIT_MILLIS));
            unsent += r.unsentBatches();
            authenticated += r.authenticatedConnections();
            outOfOrder += r.outOfOrderAnswers();
            late += r.lateAnswers();
            r.otherFrames().forEach((frame, count) -> otherFrames.merge(frame, count, Long::sum));
            r.unattributedErrors().forEach((error, count) -> errors.merge(error, count, Long::sum));
        }
        return new LoadMeasurement(measured, warmup, windows, batches, unitMillis, seconds(runs, start, end), unsent,
                authenticated, otherFrames, errors, outOfOrder, late);
    }

    /**
     * The union's length; when one injector's window is the union itself (one run, or one that began first
     * and ended last), its monotonic-clock length, which the epoch ms would round.
     */
    private static double seconds(List<InjectorRun> runs, long start, long end) {
        for (InjectorRun run : runs) {
            if (run.record().windowStartMillis() == start && run.record().windowEndMillis() == end) {
                return run.record().loadSeconds();
            }
        }
        return (end - start) / 1000.0;
    }

    private static void checkSameLoad(InjectorRun first, InjectorRun other) {
        InjectorRecord a = first.record();
        InjectorRecord b = other.record();
        same("simulation", a, b, InjectorRecord::simulation, first, other);
        same("mode", a, b, InjectorRecord::label, first, other);
        same("target", a, b, r -> r.targetKind() + " " + r.target(), first, other);
        same("store", a, b, InjectorRecord::store, first, other);
        same("ordered", a, b, InjectorRecord::ordered, first, other);
        for (String parameter : SHARED_PARAMETERS) {
            same(parameter, a, b, r -> String.valueOf(r.parameters().get(parameter)), first, other);
        }
    }

    /** Every injector wrote a map of its own on the one server: else their records and read-backs mixed. */
    private static void checkOwnMaps(List<InjectorRun> runs) {
        Map<String, InjectorRun> byMap = new LinkedHashMap<>();
        for (InjectorRun run : runs) {
            InjectorRun earlier = byMap.putIfAbsent(run.record().map(), run);
            if (earlier != null) {
                throw new BadInputException(earlier.dir() + " and " + run.dir() + " both wrote the map '"
                        + run.record().map() + "' on " + run.record().target() + ": their records overwrote each "
                        + "other's and each one's nothing_lost read back the other's too; give each injector its own "
                        + "-Dmap (e.g. -Dmap=injector-a, -Dmap=injector-b) and run them again");
            }
        }
    }

    private static void same(String what, InjectorRecord a, InjectorRecord b, Function<InjectorRecord, Object> field,
                             InjectorRun first, InjectorRun other) {
        if (!Objects.equals(field.apply(a), field.apply(b))) {
            throw new BadInputException("not runs of one load: " + what + " is " + field.apply(a) + " in "
                    + first.dir() + " but " + field.apply(b) + " in " + other.dir());
        }
    }

    private static String windows(List<InjectorRun> runs) {
        StringBuilder text = new StringBuilder();
        for (InjectorRun run : runs) {
            text.append(text.isEmpty() ? "" : ", ").append(run.dir()).append(' ')
                    .append(run.record().windowStartMillis()).append("..").append(run.record().windowEndMillis());
        }
        return text.append(" (epoch ms)").toString();
    }
}
