package dev.syncbench.simulations.overload;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.SystemProperties;
import dev.syncbench.simulations.target.TargetKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The overload run's own parameters, beside the fire-and-forget ones of {@link LoadSettings}
 * (1,000 connections and window 0 unless given).
 *
 * @param answerSecs how long a batch may wait for its OP_ACK or ERROR before it counts as unanswered
 * @param neverReaders clients that subscribe to the written map and stop reading, during the load
 * @param stallSecs how long each never-reader stops reading before it looks at how it was ended
 * @param probeEveryMs the pause between two fire-and-wait probe batches
 * @param probeSecs how long the probe runs before the load, and again from the moment the load stops
 * @param sampleMs how often the server's heap and threads are sampled
 */
public record OverloadSettings(int answerSecs, int neverReaders, int stallSecs, int probeEveryMs, int probeSecs,
                               int sampleMs) {
    public static final int DEFAULT_CONNECTIONS = 1000;
    /**
     * The jar's heap unless {@code -Djar.jvmArgs} says otherwise, the one baseline.json's overload
     * ceilings were measured with: a heap that grows as needed. A fixed, pre-touched 4 GB heap (the
     * throughput runs' default) lets garbage sit in the old generation until it is nearly full, so
     * the heap after a young collection says more about the collector than about what is held.
     */
    public static final String JAR_JVM_ARGS = "-Xmx4g";

    /**
     * Sets the fire-and-forget defaults of an overload unless given: 1,000 connections, window 0,
     * and 5 s of sending without a warm-up. The clients send several times what the server applies
     * (Gatling's sockets queue what TCP does not take yet), so 5 s of sending keep the server busy
     * for about half a minute and store a few million records, within the jar's 4 GB heap.
     */
    public static void defaultLoad() {
        if (System.getProperty("duration") == null) {
            System.setProperty("duration", "5");
        }
        if (System.getProperty("warmup") == null) {
            System.setProperty("warmup", "0");
        }
        if (System.getProperty("connections") == null) {
            System.setProperty("connections", Integer.toString(DEFAULT_CONNECTIONS));
        }
        if (System.getProperty("window") == null) {
            System.setProperty("window", "0");
        }
        if (System.getProperty("jar.jvmArgs") == null) {
            System.setProperty("jar.jvmArgs", JAR_JVM_ARGS);
        }
    }

    public static OverloadSettings fromSystemProperties(LoadSettings common) {
        if (common.window() != 0) {
            throw new BadInputException("the overload sends unconfirmed (window 0); -Dwindow=" + common.window()
                    + " is for FireAndForgetSimulation");
        }
        if (common.targetKind() != TargetKind.JAR) {
            throw new BadInputException("the overload samples the server process's heap: run it against the server "
                    + "jar with -Dtarget=jar (-Dtarget=" + common.targetKind().label() + " was given)");
        }
        return new OverloadSettings(
                SystemProperties.intProperty("overload.answerSecs", 60, 5, 600),
                SystemProperties.intProperty("overload.neverReaders", 4, 0, 1_000),
                SystemProperties.intProperty("overload.stallSecs", 3, 1, 600),
                SystemProperties.intProperty("overload.probeEveryMs", 100, 10, 60_000),
                SystemProperties.intProperty("overload.probeSecs", 10, 1, 600),
                SystemProperties.intProperty("overload.sampleMs", 1000, 100, 60_000));
    }

    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("answer_secs", answerSecs);
        map.put("never_readers", neverReaders);
        map.put("stall_secs", stallSecs);
        map.put("probe_every_ms", probeEveryMs);
        map.put("probe_secs", probeSecs);
        map.put("sample_ms", sampleMs);
        return map;
    }
}
