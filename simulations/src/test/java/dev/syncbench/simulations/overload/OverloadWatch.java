package dev.syncbench.simulations.overload;

import dev.syncbench.simulations.judging.OverloadJudge;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.target.ResourceSample;
import dev.syncbench.simulations.target.ResourceSampler;
import dev.syncbench.simulations.target.Target;
import dev.syncbench.simulations.wire.Tokens;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Everything the overload watches beside its fire-and-forget load: the server's heap sampled over
 * time, the probe before the load and from the moment it stops, and the slow readers during it.
 * {@code loadEndNanos} tells when the load stops, once the load has started (else {@code Long.MIN_VALUE}).
 */
public final class OverloadWatch implements AutoCloseable {
    private final OverloadSettings settings;
    private final Target target;
    private final ResourceSampler sampler;
    private final RecoveryProbe probe;
    private final SlowReaders slowReaders = new SlowReaders();
    private final RecoveryProbe.Run before;
    private volatile RecoveryProbe.Run draining;
    private volatile RecoveryProbe.Run after;
    private volatile boolean loadOver;
    private volatile double loadStartSecs = -1;
    private volatile double loadEndSecs = -1;
    private volatile double liveHeapMib = -1;
    private volatile double answeredSecs = -1;
    private volatile double liveAtStopMib = -1;
    private volatile long appliedAtStop = -1;
    private volatile long appliedAtEnd = -1;
    private Thread afterThread;

    private OverloadWatch(OverloadSettings settings, Target target, ResourceSampler sampler, RecoveryProbe probe,
                          RecoveryProbe.Run before) {
        this.settings = settings;
        this.target = target;
        this.sampler = sampler;
        this.probe = probe;
        this.before = before;
    }

    /** Probes the idle server, then starts sampling it; the slow readers and the later probe wait for the load. */
    public static OverloadWatch start(Target target, Tokens tokens, OverloadSettings settings) {
        RecoveryProbe probe;
        try {
            probe = RecoveryProbe.open(target.webSocketUrl(), tokens.forConnection(5_000_000L));
        } catch (IOException e) {
            throw new BadInputException("the overload's probe could not connect: " + e.getMessage());
        }
        RecoveryProbe.Run before = probe.run(Duration.ofSeconds(settings.probeSecs()), settings.probeEveryMs());
        ResourceSampler sampler = ResourceSampler.start(target, settings.sampleMs(), () -> -1, 0);
        return new OverloadWatch(settings, target, sampler, probe, before);
    }

    /**
     * Starts the slow readers on {@code mapName} and a thread that, once the clients stop sending
     * ({@code loadEndNanos}), probes the server while it still answers the batches sent before.
     */
    public void watchLoad(URI url, Tokens tokens, String mapName, LongSupplier loadEndNanos) {
        loadStartSecs = sampler.secondsSinceStart();
        // events go on while the server works off the backlog, so the slow readers do until every batch is answered
        slowReaders.start(url, tokens, settings.neverReaders(), Duration.ofSeconds(settings.stallSecs()), mapName,
                () -> loadEndNanos.getAsLong() != Long.MIN_VALUE, () -> loadOver);
        afterThread = Thread.ofPlatform().daemon().name("syncbench-recovery-probe").start(() -> {
            while (loadEndNanos.getAsLong() == Long.MIN_VALUE || System.nanoTime() - loadEndNanos.getAsLong() < 0) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
            loadEndSecs = sampler.secondsSinceStart();
            // the backlog is largest now: what the server holds beyond the data it will end up storing
            // is what it buffered; a full collection leaves only what is live
            if (sampler.resources().fullGc()) {
                liveAtStopMib = sampler.resources().sample(sampler.secondsSinceStart(), -1).heapAfterGcMib();
                appliedAtStop = target.opsApplied().orElse(-1);
            }
            draining = probe.run(() -> !loadOver, settings.probeEveryMs());
        });
    }

    /**
     * Every batch is answered (or past its bound): stops the slow readers, probes the server for
     * {@code probeSecs} right away, and reads the live heap with a full collection.
     */
    public void finish() {
        loadOver = true;
        answeredSecs = sampler.secondsSinceStart();
        try {
            if (afterThread != null) {
                afterThread.join(60_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slowReaders.close();
        after = probe.run(Duration.ofSeconds(settings.probeSecs()), settings.probeEveryMs());
        sampler.stop();
        if (sampler.resources().fullGc()) {
            liveHeapMib = sampler.resources().sample(sampler.secondsSinceStart(), -1).heapAfterGcMib();
            appliedAtEnd = target.opsApplied().orElse(-1);
        }
    }

    public List<ResourceSample> samples() {
        return sampler.samples();
    }

    /**
     * The most heap after GC sampled from the start of the load until every batch was answered: the
     * server's backlog is only worked off after the clients stop sending.
     */
    public double peakHeapMib() {
        double end = answeredSecs < 0 ? Double.MAX_VALUE : answeredSecs;
        return samples().stream().filter(s -> s.atSecs() >= loadStartSecs && s.atSecs() <= end)
                .mapToDouble(ResourceSample::heapAfterGcMib).max().orElse(-1);
    }

    /** When every batch was answered, in the samples' seconds. */
    public double answeredSecs() {
        return answeredSecs;
    }

    /** What the slow readers saw, by description. */
    public Map<String, Long> slowReaderCounts() {
        return slowReaders.counts();
    }

    /** The probe while the server still answered the batches sent before the clients stopped; null if none ran. */
    public RecoveryProbe.Run draining() {
        return draining;
    }

    public double liveHeapMib() {
        return liveHeapMib;
    }

    /** Ops the server had applied when the clients stopped sending, and once every batch was answered (-1: unknown). */
    public long appliedAtStop() {
        return appliedAtStop;
    }

    public long appliedAtEnd() {
        return appliedAtEnd;
    }

    /** The heap after a full collection at the moment the clients stopped sending (-1: not read). */
    public double liveAtStopMib() {
        return liveAtStopMib;
    }

    public double loadStartSecs() {
        return loadStartSecs;
    }

    public double loadEndSecs() {
        return loadEndSecs;
    }

    public RecoveryProbe.Run before() {
        return before;
    }

    public RecoveryProbe.Run after() {
        return after;
    }

    /** The figures {@link OverloadJudge} needs from this watch. */
    public OverloadJudge.Measured measured(long unanswered, Map<String, Long> batchErrors,
                                           Map<String, Long> strayFrames) {
        RecoveryProbe.Run afterRun = after;
        double dataAtStopMib = appliedAtStop < 0 || appliedAtEnd <= 0 || liveHeapMib < 0 ? -1
                : liveHeapMib * appliedAtStop / appliedAtEnd;
        return new OverloadJudge.Measured(unanswered, batchErrors, strayFrames, peakHeapMib(), liveAtStopMib,
                dataAtStopMib,
                p50(before), afterRun == null ? -1 : p50(afterRun), afterRun == null ? 1 : afterRun.failures(),
                afterRun == null ? "the probe never ran after the load" : afterRun.lastFailure(),
                settings.neverReaders(), slowReaders.counts());
    }

    static long p50(RecoveryProbe.Run run) {
        return run.latency().getTotalCount() == 0 ? -1 : run.latency().getValueAtPercentile(50);
    }

    @Override
    public void close() {
        probe.close();
    }
}
