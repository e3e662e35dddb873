package dev.syncbench.simulations.merge;

import dev.syncbench.simulations.judging.LoadMeasurement;
import dev.syncbench.simulations.load.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One injector's run as it is kept for a merge: a directory holding its HdrHistogram log
 * ({@value #LOG}) and its {@link InjectorRecord} ({@value InjectorRecord#FILE}).
 *
 * @param histograms the log's histograms by tag: {@link #WINDOWS}, {@link #BATCHES}, {@link #UNIT_MILLIS}
 */
public record InjectorRun(Path dir, InjectorRecord record, Map<String, Histogram> histograms) {
    public static final String LOG = "latency.hlog";
    /** Every window's round trip (fire-and-wait: every batch's), first send to last OP_ACK, in µs. */
    public static final String WINDOWS = "window_round_trip_us";
    /** Every batch's round trip, OP_BATCH to its OP_ACK, in µs. */
    public static final String BATCHES = "batch_round_trip_us";
    /** Every unit's round trip in whole ms rounded up, as Gatling's statistics received it. */
    public static final String UNIT_MILLIS = "gatling_unit_ms";

    /** Writes the log and the record of a run measured as {@code measured} into {@code dir}. */
    public static void write(Path dir, InjectorRecord record, LoadMeasurement measured) throws IOException {
        Files.createDirectories(dir);
        HistogramLog.write(dir.resolve(LOG), record.windowStartMillis(), record.windowEndMillis(),
                "syncbench " + record.label() + " against " + record.target() + " from " + record.injectorHost()
                        + ", run " + record.run(), histogramsOf(measured));
        record.write(dir.resolve(InjectorRecord.FILE));
    }

    /** The histograms a run writes, by tag. */
    public static Map<String, Histogram> histogramsOf(LoadMeasurement measured) {
        Map<String, Histogram> byTag = new LinkedHashMap<>();
        byTag.put(WINDOWS, measured.windows());
        byTag.put(BATCHES, measured.batches());
        byTag.put(UNIT_MILLIS, measured.unitMillis());
        return byTag;
    }

    /** The counts of each tag, as the record keeps them. */
    public static Map<String, Long> countsOf(Map<String, Histogram> byTag) {
        Map<String, Long> counts = new LinkedHashMap<>();
        byTag.forEach((tag, histogram) -> counts.put(tag, histogram.getTotalCount()));
        return counts;
    }

    /**
     * Reads the run kept in {@code dir}: refused when the directory, the log or the record is missing or
     * unreadable, or when the log does not hold exactly the histograms the record counted (cut short).
     */
    public static InjectorRun read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + " is not a directory (give each injector's run directory, holding "
                    + LOG + " and " + InjectorRecord.FILE + ")");
        }
        InjectorRecord record = InjectorRecord.read(dir.resolve(InjectorRecord.FILE));
        Map<String, Histogram> histograms = HistogramLog.read(dir.resolve(LOG));
        for (String tag : new String[] {WINDOWS, BATCHES, UNIT_MILLIS}) {
            long logged = histograms.containsKey(tag) ? histograms.get(tag).getTotalCount() : -1;
            Long recorded = record.histogramCounts().get(tag);
            if (recorded == null || logged != recorded) {
                throw new BadInputException(dir.resolve(LOG) + " holds " + (logged < 0 ? "no " + tag + " histogram"
                        : logged + " values tagged " + tag) + ", but " + InjectorRecord.FILE + " counted "
                        + recorded + ": the log is cut short or belongs to another run");
            }
        }
        return new InjectorRun(dir, record, histograms);
    }
}
