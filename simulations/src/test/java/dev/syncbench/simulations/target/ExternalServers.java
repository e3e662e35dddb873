package dev.syncbench.simulations.target;

import java.net.URI;
import java.util.List;
import java.util.OptionalLong;

/**
 * Several servers started by someone else ({@code -Dtarget=<url>,<url>,...}): the connections are
 * spread over them. If the first answers a PARTITION_MAP they are members of one cluster, each
 * holding every record, so one read back checks the run; otherwise they are separate servers, each
 * holding what its own connections wrote, and their applied counts and read-backs are added.
 */
public final class ExternalServers implements Target {
    private final List<ExternalTarget> servers;
    private final boolean cluster;

    private ExternalServers(List<ExternalTarget> servers, boolean cluster) {
        this.servers = servers;
        this.cluster = cluster;
    }

    /** The servers at {@code urls}, each one's applied count read now; the first is asked for a map with {@code token}. */
    public static ExternalServers open(List<URI> urls, String token) {
        boolean cluster = PartitionOwners.request(urls.getFirst(), token).isPresent();
        return new ExternalServers(urls.stream().map(ExternalTarget::open).toList(), cluster);
    }

    @Override
    public URI webSocketUrl() {
        return servers.getFirst().webSocketUrl();
    }

    @Override
    public List<URI> webSocketUrls() {
        return servers.stream().map(ExternalTarget::webSocketUrl).toList();
    }

    @Override
    public boolean eachServerHoldsEverything() {
        return cluster;
    }

    @Override
    public String description() {
        return servers.size() + (cluster ? " cluster members " : " servers ") + webSocketUrls();
    }

    @Override
    public TargetKind kind() {
        return TargetKind.EXTERNAL;
    }

    @Override
    public String store() {
        return "unknown";
    }

    /** Separate servers' applied ops added up; empty for cluster members, which are judged by their read-back. */
    @Override
    public OptionalLong opsApplied() {
        if (cluster) {
            return OptionalLong.empty();
        }
        long sum = 0;
        for (ExternalTarget server : servers) {
            OptionalLong applied = server.opsApplied();
            if (applied.isEmpty()) {
                return OptionalLong.empty();
            }
            sum += applied.getAsLong();
        }
        return OptionalLong.of(sum);
    }

    @Override
    public boolean assertsNothingLost() {
        return !cluster && servers.stream().allMatch(ExternalTarget::assertsNothingLost);
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
