package dev.syncbench.simulations.overload;

import dev.syncbench.simulations.abuse.NeverReader;
import dev.syncbench.simulations.load.FrameTally;
import dev.syncbench.simulations.wire.Tokens;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@link NeverReader}s beside the overload: each subscribes to the written map and stops reading
 * while the load's events pile up for it, then learns how the server ended it (1013 expected),
 * and starts again, for as long as the load runs.
 */
final class SlowReaders implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private final FrameTally tally = new FrameTally();
    private volatile boolean stopped;

    /** Starts {@code count} readers, which begin once {@code loadStarted} and stop once {@code loadOver}. */
    void start(URI url, Tokens tokens, int count, Duration stall, String mapName, BooleanSupplier loadStarted,
               BooleanSupplier loadOver) {
        BooleanSupplier loadRunning = () -> !loadOver.getAsBoolean();
        for (int i = 0; i < count; i++) {
            NeverReader reader = new NeverReader(url, tokens, 6_000_000L + i, stall, mapName, tally);
            threads.add(Thread.ofVirtual().name("syncbench-slow-reader-" + i).start(() -> {
                // a reader that stalls before the load sends anything would only prove it was never sent to
                while (!stopped && !loadStarted.getAsBoolean() && loadRunning.getAsBoolean()) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                while (!stopped && loadRunning.getAsBoolean()) {
                    try {
                        tally.add("connections");
                        reader.session(() -> !stopped && loadRunning.getAsBoolean());
                    } catch (IOException e) {
                        tally.add("connection failed: " + e.getMessage());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
    }

    /** What the never-readers saw, by description (as {@code AbuseJudge} reads them). */
    java.util.Map<String, Long> counts() {
        return tally.counts();
    }

    @Override
    public void close() {
        stopped = true;
        for (Thread thread : threads) {
            try {
                thread.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
