package dev.syncbench.simulations.storm;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.SystemProperties;
import dev.syncbench.simulations.target.TargetKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection storm's parameters: the shared ones ({@code duration}, {@code target}, baseline
 * and reports) from {@link LoadSettings}, the storm's virtual users, and the mass reconnect.
 *
 * @param common the parameters every simulation reads ({@code connections}, {@code window} and batches are unused)
 * @param users Gatling users storming at once, each connecting, authenticating, PINGing and closing
 *              over and over until {@code -Dduration} is over
 * @param reconnectClients live-query subscribers dropped and reconnected together in the mass reconnect
 * @param reconnectRecords records written (and acknowledged) while they are away
 * @param settleSecs how long the server may take to release what the clients held before it counts as leaked
 */
public record StormSettings(LoadSettings common, int users, int reconnectClients, int reconnectRecords,
                            int settleSecs) {
    /** A minute of storm unless {@code -Dduration} says otherwise; CI runs the 20-second short form. */
    public static final int DEFAULT_DURATION_SECS = 60;

    public static StormSettings fromSystemProperties() {
        if (System.getProperty("duration") == null) {
            System.setProperty("duration", Integer.toString(DEFAULT_DURATION_SECS));
        }
        StormSettings settings = new StormSettings(
                LoadSettings.fromSystemProperties(),
                SystemProperties.intProperty("storm.users", 2_000, 1, 8_000),
                SystemProperties.intProperty("storm.reconnectClients", 1_000, 0, 8_000),
                SystemProperties.intProperty("storm.reconnectRecords", 500, 1, 100_000),
                SystemProperties.intProperty("storm.settleSecs", 15, 1, 600));
        settings.requireJarTarget();
        return settings;
    }

    /** The server's fds and threads are read from its process: the embedded server's would be Gatling's. */
    void requireJarTarget() {
        if (common.targetKind() != TargetKind.JAR) {
            throw new BadInputException("the connection storm reads the server process's file descriptors and threads: "
                    + "run it against the server jar with -Dtarget=jar (-Dtarget=" + common.targetKind().label()
                    + " was given)");
        }
    }

    /** The parameters as they go into the JSON summary. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("duration_secs", common.durationSecs());
        map.put("users", users);
        map.put("reconnect_clients", reconnectClients);
        map.put("reconnect_records", reconnectRecords);
        map.put("settle_secs", settleSecs);
        map.put("jar_jvm_args", common.jarJvmArgs());
        map.put("baseline_profile", common.baselineProfile() == null ? "default" : common.baselineProfile());
        return map;
    }
}
