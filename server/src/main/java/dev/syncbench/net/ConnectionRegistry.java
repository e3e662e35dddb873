package dev.syncbench.net;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open connections, and the reaper that closes those that never authenticate (1008) or fall
 * silent (1000).
 */
public final class ConnectionRegistry implements AutoCloseable {
    private final Map<Long, Connection> open = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final long authTimeoutNanos;
    private final long idleTimeoutNanos;
    private final ScheduledExecutorService reaper;
    private volatile boolean accepting = true;

    public ConnectionRegistry(Duration authTimeout, Duration idleTimeout) {
        this.authTimeoutNanos = authTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
        long tickMillis = Math.max(50, Math.min(1000, Math.min(authTimeout.toMillis(), idleTimeout.toMillis()) / 10));
        this.reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("reaper").factory());
        reaper.scheduleAtFixedRate(this::reap, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    boolean isAccepting() {
        return accepting;
    }

    void add(Connection connection) {
        open.put(connection.id(), connection);
    }

    void remove(Connection connection) {
        open.remove(connection.id());
    }

    private void reap() {
        long now = System.nanoTime();
        for (Connection c : open.values()) {
            c.cutOffStuckWrite(now);
            if (!c.isAuthenticated() && now - c.openedAtNanos() > authTimeoutNanos) {
                c.close(1008, "authentication timeout");
            } else if (now - c.lastActivityNanos() > idleTimeoutNanos) {
                c.close(1000, "idle timeout");
            }
        }
    }

    /** Stops accepting, lets frames in hand finish, and closes every socket with 1001. */
    public void shutdown(Duration grace) {
        accepting = false;
        open.values().forEach(Connection::shutdown);
        long deadline = System.nanoTime() + grace.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
    }
}
