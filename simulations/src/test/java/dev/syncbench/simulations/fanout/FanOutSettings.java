package dev.syncbench.simulations.fanout;

import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.SystemProperties;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fan-out run's parameters: the shared ones ({@code duration}, {@code interval}, {@code batchSize},
 * {@code target}, baseline and reports locations) from {@link LoadSettings}, plus how many writer and
 * subscriber connections to open and how long subscribers may take to catch up once writers stop.
 *
 * @param common the parameters every simulation reads ({@code connections} and {@code window} are unused here)
 * @param writers Gatling users writing fire-and-wait batches to the watched map
 * @param subscribers connections holding a live query on that map, opened before the writers start
 * @param drainSecs how long after the writers stop subscribers may take to receive the last events
 * @param warmupSecs seconds after the first writer's handshake whose writes enter no rate and no
 *                   histogram ({@code -Dwarmup}, default 5, as in the other simulations); the writers
 *                   write for {@code warmup + duration} seconds
 */
public record FanOutSettings(LoadSettings common, int writers, int subscribers, int drainSecs, int warmupSecs) {

    public static FanOutSettings fromSystemProperties() {
        return new FanOutSettings(
                LoadSettings.fromSystemProperties(),
                SystemProperties.intProperty("writers", 20, 1, 10_000),
                SystemProperties.intProperty("subscribers", 20, 1, 10_000),
                SystemProperties.intProperty("drain", 30, 1, 600),
                SystemProperties.intProperty("warmup", 5, 0, 3_600));
    }

    /** Ops a run is expected to write per second when every ack comes back at once. */
    public double pacingCeilingOpsPerSec() {
        return writers * common.batchSize() * 1000.0 / Math.max(1, common.intervalMs());
    }

    /** The parameters as they go into the JSON summary and are compared with the reference run. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("writers", writers);
        map.put("subscribers", subscribers);
        map.put("duration_secs", common.durationSecs());
        map.put("warmup_secs", warmupSecs);
        map.put("interval_ms", common.intervalMs());
        map.put("batch_size", common.batchSize());
        map.put("drain_secs", drainSecs);
        map.put("baseline_profile", common.baselineProfile() == null ? "default" : common.baselineProfile());
        return map;
    }
}
