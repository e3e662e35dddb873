package dev.syncbench.simulations.soak;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.SystemProperties;
import dev.syncbench.simulations.target.TargetKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The soak run's parameters: the shared ones ({@code duration}, {@code interval}, {@code batchSize},
 * {@code target}, baseline and reports) from {@link LoadSettings}, and the mix of the steady load.
 *
 * @param common the parameters every simulation reads ({@code connections} and {@code window} are unused)
 * @param writers Gatling users writing fire-and-wait batches, each over its own {@code keysPerWriter} keys
 * @param keysPerWriter the keys a writer cycles through, so the store stays the same size however long the run
 * @param subscribers connections holding a live query on the written map
 * @param publishers connections publishing to a topic, which one more connection subscribes to
 * @param publishEveryMs how often each publisher publishes
 * @param churners clients that connect, authenticate, PING and disconnect, over and over
 * @param churnEveryMs the pause between two of a churner's connections
 * @param sampleSecs how often the server's resources are sampled
 * @param fullGcEvery every how many samples the server's heap is collected in full and read (the live data)
 */
public record SoakSettings(LoadSettings common, int writers, int keysPerWriter, int subscribers, int publishers,
                           int publishEveryMs, int churners, int churnEveryMs, int sampleSecs, int fullGcEvery) {
    /** 30 minutes unless {@code -Dduration} says otherwise; CI runs the 2-minute short form. */
    public static final int DEFAULT_DURATION_SECS = 1800;

    /**
     * The jar's heap unless {@code -Djar.jvmArgs} says otherwise: fixed and touched at start, so the
     * process's resident memory does not follow the collector growing and shrinking the heap, and a
     * rising RSS means native memory (threads, buffers, metaspace) the heap figure does not show.
     */
    public static final String JAR_JVM_ARGS = "-Xms1g -Xmx1g -XX:+AlwaysPreTouch";

    public static SoakSettings fromSystemProperties() {
        if (System.getProperty("duration") == null) {
            System.setProperty("duration", Integer.toString(DEFAULT_DURATION_SECS));
        }
        if (System.getProperty("jar.jvmArgs") == null) {
            System.setProperty("jar.jvmArgs", JAR_JVM_ARGS);
        }
        SoakSettings settings = new SoakSettings(
                LoadSettings.fromSystemProperties(),
                SystemProperties.intProperty("writers", 50, 1, 10_000),
                SystemProperties.intProperty("soak.keysPerWriter", 1000, 1, 1_000_000),
                SystemProperties.intProperty("subscribers", 4, 0, 10_000),
                SystemProperties.intProperty("soak.publishers", 4, 0, 10_000),
                SystemProperties.intProperty("soak.publishEveryMs", 50, 1, 60_000),
                SystemProperties.intProperty("soak.churners", 4, 0, 10_000),
                SystemProperties.intProperty("soak.churnEveryMs", 200, 0, 60_000),
                SystemProperties.intProperty("soak.sampleSecs", 10, 1, 3_600),
                SystemProperties.intProperty("soak.fullGcEvery", 3, 1, 1_000));
        settings.requireProcessTarget();
        return settings;
    }

    /** The server's RSS, file descriptors and threads are read from its process: the embedded server's would be Gatling's. */
    void requireProcessTarget() {
        if (common.targetKind() != TargetKind.JAR) {
            throw new BadInputException("the soak samples the server process's memory, file descriptors and threads: "
                    + "run it against the server jar with -Dtarget=jar (-Dtarget=" + common.targetKind().label()
                    + " was given)");
        }
        if (sampleSecs * 4 > common.durationSecs()) {
            throw new BadInputException("-Dduration=" + common.durationSecs() + " leaves fewer than 4 samples of "
                    + "-Dsoak.sampleSecs=" + sampleSecs + ": a trend needs more");
        }
    }

    /** The write load the writers offer when every ack comes back at once, in ops/s. */
    public double offeredOpsPerSec() {
        return writers * common.batchSize() * 1000.0 / Math.max(1, common.intervalMs());
    }

    /** The parameters as they go into the JSON summary. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("duration_secs", common.durationSecs());
        map.put("writers", writers);
        map.put("interval_ms", common.intervalMs());
        map.put("batch_size", common.batchSize());
        map.put("keys_per_writer", keysPerWriter);
        map.put("subscribers", subscribers);
        map.put("publishers", publishers);
        map.put("publish_every_ms", publishEveryMs);
        map.put("churners", churners);
        map.put("churn_every_ms", churnEveryMs);
        map.put("sample_secs", sampleSecs);
        map.put("full_gc_every_samples", fullGcEvery);
        map.put("jar_jvm_args", common.jarJvmArgs());
        map.put("baseline_profile", common.baselineProfile() == null ? "default" : common.baselineProfile());
        return map;
    }
}
