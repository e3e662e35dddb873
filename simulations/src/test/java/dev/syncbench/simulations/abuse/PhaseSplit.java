package dev.syncbench.simulations.abuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load's window round trips (µs) split by the abuse phase their window started in, one
 * histogram per phase, so the run compares the load with abuse against the same load without it,
 * in the same sitting, and shows how much the off phases differ among themselves (the noise).
 */
public final class PhaseSplit {
    private final AbusePhases phases;
    private final ConcurrentHashMap<Long, Recorder> byPhase = new ConcurrentHashMap<>();
    private Map<Long, Histogram> frozen;

    public PhaseSplit(AbusePhases phases) {
        this.phases = phases;
    }

    public AbusePhases phases() {
        return phases;
    }

    /** A measured window that started at {@code startNanos} took {@code latencyUs}. */
    public void record(long startNanos, long latencyUs) {
        AbusePhases.Phase phase = phases.classify(startNanos);
        if (phase == AbusePhases.Phase.OFF || phase == AbusePhases.Phase.ON) {
            byPhase.computeIfAbsent(phases.index(startNanos), i -> new Recorder(3)).recordValue(Math.max(0, latencyUs));
        }
    }

    /** Each phase's histogram by phase number (even: off, odd: on); frozen on first read. */
    public synchronized Map<Long, Histogram> perPhase() {
        if (frozen == null) {
            frozen = new TreeMap<>();
            byPhase.forEach((index, recorder) -> frozen.put(index, recorder.getIntervalHistogram()));
        }
        return frozen;
    }

    public Histogram off() {
        return merged(false);
    }

    public Histogram on() {
        return merged(true);
    }

    /** The p99 of each off phase that has samples, in phase order. */
    public List<Long> offPhaseP99s() {
        List<Long> p99s = new ArrayList<>();
        perPhase().forEach((index, histogram) -> {
            if (index % 2 == 0 && histogram.getTotalCount() > 0) {
                p99s.add(histogram.getValueAtPercentile(99));
            }
        });
        return p99s;
    }

    private Histogram merged(boolean on) {
        Histogram merged = new Histogram(3);
        perPhase().forEach((index, histogram) -> {
            if ((index % 2 == 1) == on) {
                merged.add(histogram);
            }
        });
        return merged;
    }
}
