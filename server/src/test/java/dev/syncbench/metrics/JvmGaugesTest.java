package dev.syncbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class JvmGaugesTest {
    private static final int MIB = 1 << 20;
    private final JvmGauges gauges = new JvmGauges();

    @Test
    void heapAfterGcFollowsWhatSurvivesACollection() {
        System.gc();
        long before = gauges.heapAfterGcBytes();
        assertTrue(before > 0, "a collection ran, so the heap after it is known: " + before);
        byte[][] retained = new byte[64][];
        for (int i = 0; i < retained.length; i++) {
            retained[i] = new byte[MIB];
        }
        System.gc();
        long holding = gauges.heapAfterGcBytes();
        assertTrue(holding - before >= 60L * MIB, "64 MiB held across a collection: " + before + " -> " + holding);
        assertEquals(64, retained.length); // keeps the arrays reachable until here
        retained = null;
        System.gc();
        long released = gauges.heapAfterGcBytes();
        assertTrue(holding - released >= 60L * MIB, "64 MiB released: " + holding + " -> " + released);
    }

    @Test
    void platformThreadsCountsAThreadWhileItLives() throws InterruptedException {
        int before = gauges.platformThreads();
        CountDownLatch release = new CountDownLatch(1);
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        int during = gauges.platformThreads();
        release.countDown();
        thread.join();
        assertTrue(during >= before + 1, "a live platform thread is counted: " + before + " -> " + during);
    }
}
