package dev.syncbench.simulations.fanout;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.EventReader;
import dev.syncbench.simulations.wire.Frames;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One subscriber connection: a plain JDK WebSocket that authenticates, subscribes to every record
 * of the watched map ({@code QUERY_SUB} with an empty query), waits for the snapshot, and then only
 * receives. It counts each SERVER_EVENT and records its delivery time (now minus the writer's send
 * time in the value). Gatling's WebSocket DSL only inspects frames while a check awaits one after a
 * send, so a pure receiver of thousands of frames per second is a listener instead.
 * The JDK calls one WebSocket's listener methods one at a time, so the counts have a single writer.
 */
public final class FanOutSubscriber implements WebSocket.Listener {
    private final String queryId;
    private final FanOutMetrics metrics;
    private final CompletableFuture<Void> authRequired = new CompletableFuture<>();
    private final CompletableFuture<Void> authAck = new CompletableFuture<>();
    private final CompletableFuture<Void> snapshot = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final EventIdentities identities = new EventIdentities();
    private volatile long events;
    private volatile long updates;
    private volatile String lostBecause;
    private volatile boolean closing;
    private WebSocket webSocket;

    private FanOutSubscriber(String queryId, FanOutMetrics metrics) {
        this.queryId = queryId;
        this.metrics = metrics;
    }

    /** Connects, authenticates and subscribes; returns once the snapshot arrived. */
    public static FanOutSubscriber open(HttpClient client, URI url, String token, String mapName, int index,
                                        FanOutMetrics metrics, Duration stepTimeout) {
        FanOutSubscriber subscriber = new FanOutSubscriber("fanout-" + index, metrics);
        String who = "subscriber " + index;
        subscriber.webSocket = await(client.newWebSocketBuilder().connectTimeout(stepTimeout)
                .buildAsync(url, subscriber), stepTimeout, who + " connecting");
        await(subscriber.authRequired, stepTimeout, who + " waiting for AUTH_REQUIRED");
        await(subscriber.webSocket.sendBinary(ByteBuffer.wrap(Frames.auth(token)), true), stepTimeout,
                who + " sending AUTH");
        await(subscriber.authAck, stepTimeout, who + " waiting for AUTH_ACK");
        await(subscriber.webSocket.sendBinary(ByteBuffer.wrap(Frames.querySub(subscriber.queryId, mapName)), true),
                stepTimeout, who + " sending QUERY_SUB");
        await(subscriber.snapshot, stepTimeout, who + " waiting for QUERY_RESP");
        return subscriber;
    }

    /** What a subscriber received, and why it ended early (null when it stayed to the end). */
    public record Tally(long events, long updates, String lostBecause, long distinct, long duplicates,
                        long foreign) {
    }

    public Tally tally() {
        return new Tally(events, updates, lostBecause, identities.distinct(), identities.duplicates(),
                identities.foreign());
    }

    /** SERVER_EVENTs received so far. */
    public long events() {
        return events;
    }

    /** QUERY_UPDATEs received so far (not judged: the event count is). */
    public long updates() {
        return updates;
    }

    /** Why the connection ended before this client closed it (e.g. "1013 slow consumer"), or null. */
    public String lostBecause() {
        return lostBecause;
    }

    /** Keeps the connection from idling out (TopGun counts only PINGs as activity). */
    public void ping() {
        if (lostBecause == null && !closing) {
            webSocket.sendBinary(ByteBuffer.wrap(Frames.ping(System.currentTimeMillis())), true);
        }
    }

    public void close() {
        closing = true;
        try {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "run over").get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // already gone: abort below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        webSocket.abort();
    }

    /**
     * Asks for every message at once: handling one is quick and done before the next is delivered,
     * while asking one at a time costs the client a scheduler round trip per frame.
     */
    @Override
    public void onOpen(WebSocket socket) {
        socket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        long now = System.nanoTime();
        // the JDK hands over direct buffers, which msgpack-core reads only through internals
        // Java 25 locks away: each frame (a few hundred bytes) is copied to the heap
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        if (!last || partial.size() > 0) {
            partial.writeBytes(chunk);
            if (last) {
                handle(now, partial.toByteArray());
                partial.reset();
            }
        } else {
            handle(now, chunk);
        }
        return null;
    }

    private void handle(long now, byte[] frame) {
        EventReader.Inbound inbound = EventReader.read(frame);
        switch (inbound.type()) {
            case EventReader.SERVER_EVENT -> {
                events++;
                identities.add(inbound.key());
                if (inbound.hasSendTime()) {
                    metrics.delivered(now, inbound.sendNanos());
                } else {
                    metrics.otherFrame("SERVER_EVENT without a send time in its value");
                }
            }
            case EventReader.QUERY_UPDATE -> updates++;
            case "PONG" -> { }
            case "AUTH_REQUIRED" -> authRequired.complete(null);
            case "AUTH_ACK" -> authAck.complete(null);
            case "AUTH_FAIL" -> authAck.completeExceptionally(new IllegalStateException(
                    "the token was rejected (AUTH_FAIL)"));
            case "QUERY_RESP" -> snapshot.complete(null);
            default -> {
                String description = AckReader.describe(frame);
                metrics.otherFrame(description);
                if (!snapshot.isDone()) {
                    IllegalStateException failure = new IllegalStateException("the server sent " + description);
                    authRequired.completeExceptionally(failure);
                    authAck.completeExceptionally(failure);
                    snapshot.completeExceptionally(failure);
                }
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        metrics.otherFrame("a text frame");
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        ended(statusCode + (reason.isEmpty() ? "" : " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        ended("error: " + error);
    }

    private void ended(String why) {
        if (!closing) {
            lostBecause = why;
        }
        IllegalStateException failure = new IllegalStateException("the connection ended (" + why + ")");
        authRequired.completeExceptionally(failure);
        authAck.completeExceptionally(failure);
        snapshot.completeExceptionally(failure);
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String step) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BadInputException(step + " failed: " + cause.getMessage());
        } catch (TimeoutException e) {
            throw new BadInputException(step + ": nothing within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException(step + ": interrupted");
        }
    }
}
