package dev.syncbench.simulations.storm;

import dev.syncbench.simulations.judging.StormBaseline;
import dev.syncbench.simulations.target.ResourceSample;
import dev.syncbench.simulations.target.ServerResources;
import dev.syncbench.simulations.target.Target;
import java.time.Duration;

/**
 * The server process's open file descriptors, threads (JVM platform threads and OS threads) and
 * connections before the storm, and again once every client has gone: read until they are back
 * within the baseline's slack or the settle time is over, since a closed socket is released by the
 * server a moment after the client has let go of it.
 */
public final class LeakWatch {
    private static final Duration POLL = Duration.ofMillis(500);

    private final ServerResources resources;
    private final ResourceSample before;

    /** The resources after the settle: the last reading, and how long the server took to get there. */
    public record Settled(ResourceSample after, double settledSecs) {
    }

    private LeakWatch(ServerResources resources, ResourceSample before) {
        this.resources = resources;
        this.before = before;
    }

    /** Reads the server's resources now, before the storm. */
    public static LeakWatch before(Target target) {
        long pid = target.serverPid().orElseThrow(() -> new IllegalStateException(
                "the storm reads the resources of a server running as a process of its own"));
        ServerResources resources = ServerResources.of(pid, target.webSocketUrl());
        return new LeakWatch(resources, resources.sample(0, -1));
    }

    public ResourceSample beforeSample() {
        return before;
    }

    /** Reads the resources until they are within {@code baseline}'s slack of the first reading, or {@code settle} is over. */
    public Settled settle(Duration settle, StormBaseline baseline) {
        long start = System.nanoTime();
        ResourceSample after;
        while (true) {
            double secs = (System.nanoTime() - start) / 1e9;
            after = resources.sample(secs, -1);
            if (baseline.leaks(before, after).isEmpty() || System.nanoTime() - start > settle.toNanos()) {
                return new Settled(after, secs);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Settled(after, secs);
            }
        }
    }
}
