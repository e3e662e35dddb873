package dev.syncbench.simulations.target;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Samples the server process's resources ({@link ServerResources}) every interval on a daemon
 * thread, from start to {@link #stop}, with the clients' write p99 of the interval just ended.
 * A long run keeps one small record per interval, never the raw figures.
 */
public final class ResourceSampler {
    private final ServerResources resources;
    private final long intervalMillis;
    private final LongSupplier intervalP99Us;
    private final int fullGcEvery;
    private int taken;
    private final long startNanos = System.nanoTime();
    private final List<ResourceSample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    private ResourceSampler(ServerResources resources, long intervalMillis, LongSupplier intervalP99Us,
                            int fullGcEvery) {
        this.resources = resources;
        this.fullGcEvery = fullGcEvery;
        this.intervalMillis = intervalMillis;
        this.intervalP99Us = intervalP99Us;
        this.thread = Thread.ofPlatform().daemon().name("syncbench-resource-sampler").start(this::run);
    }

    /**
     * Starts sampling the process of {@code target} every {@code intervalMillis}; {@code intervalP99Us}
     * gives the write p99 since its previous call (-1: none). With {@code fullGcEvery} n &gt; 0, every
     * n-th sample (the first included) follows a full collection of the server's heap
     * ({@link ServerResources#fullGc}), so its heap figure is the live data, and the other samples
     * leave the heap unknown: a collection pauses the server, so it is not asked for at every sample.
     */
    public static ResourceSampler start(Target target, long intervalMillis, LongSupplier intervalP99Us,
                                        int fullGcEvery) {
        long pid = target.serverPid().orElseThrow(() -> new IllegalStateException(
                "resources are sampled only from a server running as a process of its own"));
        return new ResourceSampler(ServerResources.of(pid, target.webSocketUrl()), intervalMillis, intervalP99Us,
                fullGcEvery);
    }

    private void run() {
        sampleNow();
        while (!stopped) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            if (!stopped) {
                sampleNow();
            }
        }
    }

    private void sampleNow() {
        boolean heapWanted = fullGcEvery <= 0 || taken++ % fullGcEvery == 0;
        boolean collected = fullGcEvery <= 0 || (heapWanted && resources.fullGc());
        ResourceSample sample = resources.sample(secondsSinceStart(), intervalP99Us.getAsLong());
        if (!collected) {
            sample = new ResourceSample(sample.atSecs(), -1, sample.rssMib(), sample.openFds(), sample.threads(),
                    sample.osThreads(), sample.connections(), sample.writeP99Us());
        }
        synchronized (samples) {
            samples.add(sample);
        }
    }

    /** Seconds since sampling started, the time axis of every sample. */
    public double secondsSinceStart() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The resources read now, outside the periodic samples. */
    public ServerResources resources() {
        return resources;
    }

    /** Stops sampling; the samples taken so far stay readable. */
    public void stop() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    public List<ResourceSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The samples taken up to {@code nanos} ({@link System#nanoTime()}): those of the load, not of its end. */
    public List<ResourceSample> samplesUntil(long nanos) {
        double untilSecs = (nanos - startNanos) / 1e9;
        return samples().stream().filter(sample -> sample.atSecs() <= untilSecs).toList();
    }
}
