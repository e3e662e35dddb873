package dev.syncbench.simulations.target;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * CPU time (user + system, all threads) a process has used since it started, as the OS counts it:
 * this JVM's from its operating-system bean (ns), another process's from {@link ProcessHandle}
 * (on Linux {@code /proc/<pid>/stat}, in clock ticks of 10 ms).
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** This JVM's CPU time in ns, or empty when the platform does not tell. */
    static OptionalLong ofThisJvm() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos >= 0 ? OptionalLong.of(nanos) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** The CPU time of process {@code pid} in ns, or empty when it is gone or the OS does not tell. */
    static OptionalLong of(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(process -> process.info().totalCpuDuration())
                .map(Duration::toNanos)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }
}
