package dev.syncbench.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * On Linux with JDK 22+ the clock is the thread's CPU time: it advances while the thread computes,
 * on a virtual thread too, and stands still while the thread sleeps.
 */
class ThreadCpuClockTest {
    private static final long MS = 1_000_000L;

    private static void assumeCpuClockExpected() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && Runtime.version().feature() >= 22, "the CPU clock is for Linux on JDK 22+");
    }

    @Test
    void measuresCpuTimeOnLinux() {
        assumeCpuClockExpected();
        assertTrue(ThreadCpuClock.measuresCpu());
    }

    @Test
    void standsStillWhileTheThreadSleeps() throws InterruptedException {
        assumeCpuClockExpected();
        long start = ThreadCpuClock.now();
        Thread.sleep(300);
        long spent = ThreadCpuClock.now() - start;
        assertTrue(spent >= 0 && spent < 100 * MS, "slept 300 ms, charged " + spent / MS + " ms");
    }

    @Test
    void advancesWhileAVirtualThreadComputes() throws InterruptedException {
        assumeCpuClockExpected();
        AtomicLong spent = new AtomicLong();
        Thread.ofVirtual().start(() -> {
            long start = ThreadCpuClock.now();
            long wallStart = System.nanoTime();
            long x = 0;
            while (System.nanoTime() - wallStart < 200 * MS) {
                x += x * 31 + 7;
            }
            spent.set(ThreadCpuClock.now() - start + (x == 42 ? 1 : 0));
        }).join();
        // 200 ms of wall time computing; the OS may have taken the core away for part of it
        assertTrue(spent.get() > 20 * MS && spent.get() <= 210 * MS, "computed 200 ms, measured " + spent.get() / MS + " ms");
    }
}
