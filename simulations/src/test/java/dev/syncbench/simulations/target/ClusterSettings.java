package dev.syncbench.simulations.target;

import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.Routing;
import dev.syncbench.simulations.load.SystemProperties;
import java.net.URI;
import java.util.List;

/**
 * How a run meets several servers: the members {@code -Dtarget=cluster} starts
 * ({@code -Dcluster.members}, default 3) and their synchronous backups ({@code -Dcluster.backups},
 * default 1, at most Hazelcast's 6), how connections and keys are spread ({@code -Drouting}), and the
 * servers a comma-separated {@code -Dtarget} names (empty for the other kinds).
 */
public record ClusterSettings(int members, int backups, Routing routing, List<URI> urls) {
    public static final int MAX_MEMBERS = 9;
    public static final int MAX_BACKUPS = 6;

    public ClusterSettings {
        urls = List.copyOf(urls);
    }

    public static ClusterSettings fromSystemProperties(LoadSettings settings) {
        List<URI> urls = settings.targetKind() == TargetKind.EXTERNAL
                ? TargetUrls.parse(System.getProperty("target")) : List.of();
        return new ClusterSettings(
                SystemProperties.intProperty("cluster.members", 3, 1, MAX_MEMBERS),
                SystemProperties.intProperty("cluster.backups", 1, 0, MAX_BACKUPS),
                Routing.fromSystemProperties(),
                urls);
    }

    /** The backups each partition has once the cluster is formed: no more than the other members. */
    public int backupsPerPartition() {
        return Math.min(backups, members - 1);
    }
}
