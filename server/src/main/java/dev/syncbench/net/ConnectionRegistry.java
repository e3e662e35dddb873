package dev.syncbench.net;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open connections, and the reaper that closes those that never authenticate (1008), whose
 * token expires (1008), or that fall silent (1000), and ends sockets whose writes wait on their
 * client too long. The reaper only decides: closing happens on each connection's own closing
 * thread, so no client, however stuck, delays the reaper's rounds for the others.
 */
public final class ConnectionRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConnectionRegistry.class.getName());
    /** After the grace period, how long shutdown waits for ended sockets to be released. */
    private static final Duration TERMINATE_WAIT = Duration.ofMillis(500);
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

    /** Queues one frame, encoded once, for every authenticated connection (a cluster's PARTITION_MAP push). */
    public void broadcast(byte[] frame) {
        for (Connection c : open.values()) {
            if (c.isAuthenticated()) {
                c.sendEvent(frame);
            }
        }
    }

    private void reap() {
        long now = System.nanoTime();
        for (Connection c : open.values()) {
            try {
                c.cutOffStuckWrite(now);
                if (!c.isAuthenticated() && now - c.openedAtNanos() > authTimeoutNanos) {
                    c.close(1008, "authentication timeout");
                } else if (c.tokenExpiredAt(System.currentTimeMillis())) {
                    c.close(1008, Connection.TOKEN_EXPIRED);
                } else if (now - c.lastActivityNanos() > idleTimeoutNanos) {
                    c.close(1000, "idle timeout");
                }
            } catch (RuntimeException e) {
                // A failure on one connection must not end the scheduled reaper for all.
                LOG.log(Level.WARNING, "reaper failed on connection " + c.id(), e);
            }
        }
    }

    /**
     * Stops accepting, lets frames in hand finish, and closes every socket with 1001; returns
     * within {@code grace}: sockets still open then are ended.
     */
    public void shutdown(Duration grace) {
        accepting = false;
        long end = System.nanoTime() + grace.toNanos();
        open.values().forEach(c -> c.close(1001, "server shutting down"));
        if (!awaitEmpty(end - TERMINATE_WAIT.toNanos())) {
            open.values().forEach(Connection::terminate);
            awaitEmpty(end);
        }
    }

    private boolean awaitEmpty(long deadlineNanos) {
        while (!open.isEmpty() && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return open.isEmpty();
            }
        }
        return open.isEmpty();
    }

    @Override
    public void close() {
        reaper.shutdownNow();
    }
}
