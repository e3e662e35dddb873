package dev.syncbench.simulations.abuse;

import dev.syncbench.simulations.wire.Tokens;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The abusive clients of the abuse run, each on its own virtual thread: during an on phase each
 * connects and misbehaves, reconnecting {@code reconnectMs} after the server ends it; at the
 * switch to off each closes its connection and waits for the next on phase. Until the phase clock
 * exists (the load's warm-up) they wait.
 */
public final class Abusers implements AutoCloseable {
    /** Connection numbers far above the load's, so the abusers' tokens and keys never collide with it. */
    static final long FIRST_ID = 1_000_000_000L;

    private final Supplier<AbusePhases> phases;
    private final long reconnectMs;
    private final List<Abuser> abusers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    public Abusers(URI url, Tokens tokens, AbuseSettings settings, String mapName, Supplier<AbusePhases> phases,
            AbuseTally tally, ForeignWrites writes) {
        this.phases = phases;
        this.reconnectMs = settings.reconnectMs();
        long id = FIRST_ID;
        for (int i = 0; i < settings.neverReaders(); i++) {
            abusers.add(new NeverReader(url, tokens, id++, java.time.Duration.ofSeconds(settings.stallSecs()), mapName,
                    tally.neverReader()));
        }
        for (int i = 0; i < settings.regexSubscribers(); i++) {
            abusers.add(new RegexSubscriber(url, tokens, id++, mapName, tally.regex(), writes));
        }
        for (int i = 0; i < settings.floodConnections(); i++) {
            abusers.add(new UnauthenticatedFlood(url, settings.floodRate(), tally.flood()));
        }
    }

    public void start() {
        for (Abuser abuser : abusers) {
            threads.add(Thread.ofVirtual().name("abuser").start(() -> loop(abuser)));
        }
    }

    private void loop(Abuser abuser) {
        while (!stopped) {
            AbusePhases clock = phases.get();
            long now = System.nanoTime();
            if (clock == null || !clock.abuseOn(now)) {
                sleepMillis(clock == null ? 50 : Math.min(200, clock.nanosToNextSwitch(now) / 1_000_000 + 1));
                continue;
            }
            try {
                abuser.tally().add("connections");
                abuser.session(() -> !stopped && clock.abuseOn(System.nanoTime()));
            } catch (IOException e) {
                abuser.tally().add("connection failed: " + e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            if (!stopped && clock.abuseOn(System.nanoTime())) {
                sleepMillis(reconnectMs);
            }
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every abuser and waits (a few seconds at most) until their connections are closed. */
    @Override
    public void close() {
        stopped = true;
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
