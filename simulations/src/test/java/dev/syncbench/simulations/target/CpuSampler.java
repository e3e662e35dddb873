package dev.syncbench.simulations.target;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Samples the CPU time of the server process (when the target runs as one) and of this Gatling JVM
 * every {@value #PERIOD_MS} ms on a daemon thread, so the CPU used over the load window, which is
 * only known once the run is over, can be read afterwards by interpolating between samples.
 */
public final class CpuSampler {
    static final long PERIOD_MS = 50;

    private final Target target;
    private final Thread thread;
    private long[] times = new long[1024];
    private long[] server = new long[1024];
    private long[] injector = new long[1024];
    private int count;
    private volatile boolean stopped;

    private CpuSampler(Target target) {
        this.target = target;
        sample();
        this.thread = Thread.ofPlatform().daemon().name("syncbench-cpu-sampler").start(this::run);
    }

    /** Starts sampling {@code target}'s server process (if it has one) and this JVM. */
    public static CpuSampler start(Target target) {
        return new CpuSampler(target);
    }

    private void run() {
        while (!stopped) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            sample();
        }
    }

    private synchronized void sample() {
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            server = Arrays.copyOf(server, count * 2);
            injector = Arrays.copyOf(injector, count * 2);
        }
        OptionalLong serverCpu = target.serverCpuNanos();
        times[count] = System.nanoTime();
        server[count] = serverCpu.orElse(-1);
        injector[count] = ProcessCpu.ofThisJvm().orElse(-1);
        count++;
    }

    /** Takes a last sample and stops; call once the load is over, before {@link #between}. */
    public void stop() {
        stopped = true;
        thread.interrupt();
        sample();
    }

    /** The CPU each side used from {@code startNanos} to {@code endNanos} ({@link System#nanoTime()} instants). */
    public synchronized CpuUsage between(long startNanos, long endNanos) {
        if (count < 2 || endNanos <= startNanos || startNanos < times[0] || endNanos > times[count - 1]) {
            return CpuUsage.NONE;
        }
        return new CpuUsage(endNanos - startNanos, delta(server, startNanos, endNanos),
                delta(injector, startNanos, endNanos));
    }

    private long delta(long[] cpu, long startNanos, long endNanos) {
        long start = at(cpu, startNanos);
        long end = at(cpu, endNanos);
        return start < 0 || end < 0 ? -1 : Math.max(0, end - start);
    }

    /** The cumulative CPU at {@code nanos}, linear between the samples around it; -1 when unknown there. */
    private long at(long[] cpu, long nanos) {
        int i = 0;
        while (i < count - 2 && times[i + 1] < nanos) {
            i++;
        }
        if (cpu[i] < 0 || cpu[i + 1] < 0) {
            return -1;
        }
        long span = times[i + 1] - times[i];
        double fraction = span <= 0 ? 1 : (double) (nanos - times[i]) / span;
        return cpu[i] + Math.round((cpu[i + 1] - cpu[i]) * Math.min(1, Math.max(0, fraction)));
    }

    /**
     * CPU used over a window, in ns; {@code serverNanos} is -1 when the server runs in this JVM or
     * elsewhere out of sight, {@code injectorNanos} is this JVM's (including an in-process server).
     */
    public record CpuUsage(long wallNanos, long serverNanos, long injectorNanos) {
        static final CpuUsage NONE = new CpuUsage(0, -1, -1);
    }
}
