package dev.syncbench.simulations.merge;

import dev.syncbench.simulations.load.BadInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * A run's latency histograms as an HdrHistogram log ({@code .hlog}, HdrHistogram's own format, readable by
 * its tools): start time and base time at the start of the measured window, then one interval histogram
 * per tag spanning the window, each the very histogram the run was judged by. Reading adds every interval
 * of a tag, so a log cut into shorter intervals reads back the same.
 */
public final class HistogramLog {
    private HistogramLog() {
    }

    /** Writes {@code byTag} as intervals from {@code startMillis} to {@code endMillis} (epoch ms). */
    public static void write(Path file, long startMillis, long endMillis, String comment, Map<String, Histogram> byTag)
            throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment(comment);
            writer.outputLogFormatVersion();
            writer.outputStartTime(startMillis);
            writer.setBaseTime(startMillis);
            writer.outputBaseTime(startMillis);
            writer.outputLegend();
            for (Map.Entry<String, Histogram> tagged : byTag.entrySet()) {
                Histogram interval = tagged.getValue().copy();
                interval.setStartTimeStamp(startMillis);
                interval.setEndTimeStamp(endMillis);
                interval.setTag(tagged.getKey());
                writer.outputIntervalHistogram(interval);
            }
            if (out.checkError()) {
                throw new IOException("could not write " + file);
            }
        }
    }

    /** Every tag's intervals added into one histogram; a missing or unreadable log is refused, naming the file. */
    public static Map<String, Histogram> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("no HdrHistogram log at " + file);
        }
        Map<String, Histogram> byTag = new LinkedHashMap<>();
        try {
            HistogramLogReader reader = new HistogramLogReader(file.toFile());
            for (EncodableHistogram next = reader.nextIntervalHistogram(); next != null;
                 next = reader.nextIntervalHistogram()) {
                if (!(next instanceof Histogram interval)) {
                    throw new BadInputException(file + " holds a histogram of doubles, not a syncbench latency log");
                }
                String tag = interval.getTag() == null ? "" : interval.getTag();
                byTag.computeIfAbsent(tag, t -> new Histogram(3)).add(interval);
            }
        } catch (FileNotFoundException e) {
            throw new BadInputException("no HdrHistogram log at " + file);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException(file + " is not a readable HdrHistogram log (corrupt or truncated): " + e);
        }
        return byTag;
    }
}
