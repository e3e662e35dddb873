package dev.syncbench.simulations.target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What the server process held at one moment of a run, -1 where it could not be read: heap after
 * the latest collection, connections and JVM platform threads from its {@code /metrics}; resident
 * memory, open file descriptors and OS threads from {@code /proc/<pid>}; and the clients' write
 * p99 over the interval that ended here.
 */
public record ResourceSample(double atSecs, double heapAfterGcMib, double rssMib, long openFds, long threads,
                             long osThreads, long connections, long writeP99Us) {

    /** A sampled series: its name in the JSON and baseline.json, its unit, and how to read it from a sample. */
    public record Series(String name, String unit, ToDoubleFunction<ResourceSample> value) {
    }

    /** Every series, in the order they are printed and plotted. */
    public static final List<Series> SERIES = List.of(
            new Series("heap_after_gc_mib", "MiB", ResourceSample::heapAfterGcMib),
            new Series("rss_mib", "MiB", ResourceSample::rssMib),
            new Series("open_fds", "fds", sample -> sample.openFds),
            new Series("threads", "threads", sample -> sample.threads),
            new Series("os_threads", "threads", sample -> sample.osThreads),
            new Series("connections", "connections", sample -> sample.connections),
            new Series("write_p99_us", "µs", sample -> sample.writeP99Us));

    /** The samples as the JSON summary keeps them: {@code {series: [[at_secs, value], ...]}}, unknown values left out. */
    public static Map<String, Object> toJson(List<ResourceSample> samples) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Series series : SERIES) {
            json.put(series.name(), samples.stream()
                    .filter(sample -> series.value().applyAsDouble(sample) >= 0)
                    .map(sample -> List.of(Math.round(sample.atSecs() * 10) / 10.0,
                            Math.round(series.value().applyAsDouble(sample) * 10) / 10.0))
                    .toList());
        }
        return json;
    }
}
