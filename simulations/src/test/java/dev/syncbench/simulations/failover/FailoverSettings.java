package dev.syncbench.simulations.failover;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.SystemProperties;
import dev.syncbench.simulations.target.ClusterSettings;
import dev.syncbench.simulations.target.TargetKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The failover run's parameters: the shared ones ({@code duration}, {@code interval},
 * {@code batchSize}, {@code target=cluster}, {@code cluster.members}, {@code cluster.backups}) and
 * its own.
 *
 * @param common the parameters every simulation reads ({@code connections} and {@code window} are unused)
 * @param cluster the members started and their backups
 * @param writers fire-and-wait writers, spread round robin over the members
 * @param killAtSecs when, from the first send, one member is killed with {@code kill -9}
 * @param restartAtSecs when it is started again on the same ports
 * @param victim which member (1-based) is killed
 * @param answerSecs how long a writer waits for a batch's answer before it counts as timed out and reconnects
 * @param settleSecs how long the cluster may take to settle, and the read-back to find every acknowledged op
 */
public record FailoverSettings(LoadSettings common, ClusterSettings cluster, int writers, int killAtSecs,
                               int restartAtSecs, int victim, int answerSecs, int settleSecs) {
    /** Each member's heap unless {@code -Djar.jvmArgs} says otherwise: the run writes a few hundred thousand records. */
    public static final String JAR_JVM_ARGS = "-Xmx1g";

    public static FailoverSettings fromSystemProperties() {
        if (System.getProperty("jar.jvmArgs") == null) {
            System.setProperty("jar.jvmArgs", JAR_JVM_ARGS);
        }
        LoadSettings common = LoadSettings.fromSystemProperties();
        if (common.targetKind() != TargetKind.CLUSTER) {
            throw new BadInputException("ClusterFailoverSimulation kills and restarts members it started itself: "
                    + "run it with -Dtarget=cluster (-Dtarget=" + common.targetKind().label() + " was given)");
        }
        ClusterSettings cluster = ClusterSettings.fromSystemProperties(common);
        if (cluster.members() < 2) {
            throw new BadInputException("ClusterFailoverSimulation needs at least 2 members (-Dcluster.members="
                    + cluster.members() + "): with one there is nothing to fail over to");
        }
        if (cluster.backups() < 1) {
            throw new BadInputException("ClusterFailoverSimulation needs -Dcluster.backups of at least 1: without a "
                    + "backup a killed owner takes its acknowledged writes with it");
        }
        int duration = common.durationSecs();
        int killAt = SystemProperties.intProperty("failover.killAt", Math.max(1, duration / 3), 1, 86_400);
        int restartAt = SystemProperties.intProperty("failover.restartAt", Math.max(killAt + 1, 2 * duration / 3),
                1, 86_400);
        if (!(killAt < restartAt && restartAt < duration)) {
            throw new BadInputException("-Dfailover.killAt=" + killAt + " and -Dfailover.restartAt=" + restartAt
                    + " must satisfy killAt < restartAt < duration (" + duration + " s), so writes go on after the "
                    + "member rejoins");
        }
        return new FailoverSettings(common, cluster,
                SystemProperties.intProperty("failover.writers", 24, 1, 1_000),
                killAt, restartAt,
                SystemProperties.intProperty("failover.victim", cluster.members(), 1, cluster.members()),
                SystemProperties.intProperty("failover.answerSecs", 5, 1, 120),
                SystemProperties.intProperty("failover.settleSecs", 60, 5, 600));
    }

    /** The parameters as the JSON summary records them. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("members", cluster.members());
        map.put("backups", cluster.backups());
        map.put("writers", writers);
        map.put("duration_secs", common.durationSecs());
        map.put("interval_ms", common.intervalMs());
        map.put("batch_size", common.batchSize());
        map.put("kill_at_secs", killAtSecs);
        map.put("restart_at_secs", restartAtSecs);
        map.put("victim", victim);
        map.put("answer_secs", answerSecs);
        return map;
    }
}
