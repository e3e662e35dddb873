package dev.syncbench.net;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends a socket whose HTTP request line came but whose headers did not finish within the deadline
 * (a slowloris upgrade). Helidon's idle reaper ends sockets that stay silent before a request
 * line, but leaves one blocked in the middle of its headers open for good, holding a socket and a
 * thread. Registered as an HTTP/1 receive listener: the request line starts the clock, the end of
 * the headers stops it.
 */
public final class HeaderDeadline implements Http1ConnectionListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HeaderDeadline.class.getName());
    private final Map<ConnectionContext, Long> waiting = new ConcurrentHashMap<>();
    private final long deadlineNanos;
    private final ScheduledExecutorService sweeper;

    public HeaderDeadline(Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
        long tickMillis = Math.clamp(deadline.toMillis() / 10, 50, 1_000);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("header-deadline").factory());
        sweeper.scheduleAtFixedRate(this::sweep, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        waiting.put(ctx, System.nanoTime());
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        waiting.remove(ctx);
    }

    private void sweep() {
        long now = System.nanoTime();
        waiting.forEach((ctx, since) -> {
            if (now - since > deadlineNanos && waiting.remove(ctx, since)) {
                try {
                    ctx.serverSocket().close();
                } catch (RuntimeException e) {
                    // A socket the client has already dropped: nothing left to end.
                    LOG.log(Level.FINE, "ending a socket past its header deadline", e);
                }
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
