package dev.syncbench.simulations.search;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.wire.AckReader;
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
 * One live subscriber: a plain JDK WebSocket that authenticates, holds a SEARCH_SUB on its topic
 * word (limit {@value SearchSettings#LIVE_LIMIT}), waits for the first SEARCH_RESP, and then only
 * receives SEARCH_UPDATEs, noting each in its {@link MatchLedger} and timing the first news of a
 * key from the send time {@link WrittenMatches} holds for it (an update carries no value).
 * The JDK calls one WebSocket's listener methods one at a time, so the ledger has a single writer.
 */
public final class SearchSubscriber implements WebSocket.Listener {
    private final String subscriptionId;
    private final int topic;
    private final WrittenMatches matches;
    private final SearchMetrics metrics;
    private final MatchLedger ledger = new MatchLedger();
    private final CompletableFuture<Void> authRequired = new CompletableFuture<>();
    private final CompletableFuture<Void> authAck = new CompletableFuture<>();
    private final CompletableFuture<Void> firstResult = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile String lostBecause;
    private volatile boolean closing;
    private WebSocket webSocket;

    private SearchSubscriber(String subscriptionId, int topic, WrittenMatches matches, SearchMetrics metrics) {
        this.subscriptionId = subscriptionId;
        this.topic = topic;
        this.matches = matches;
        this.metrics = metrics;
    }

    /** Connects, authenticates and subscribes to {@code topic}'s word; returns once the first result arrived. */
    public static SearchSubscriber open(HttpClient client, URI url, String token, String mapName, int index, int topic,
                                        WrittenMatches matches, SearchMetrics metrics, Duration stepTimeout) {
        SearchSubscriber subscriber = new SearchSubscriber("search-" + index, topic, matches, metrics);
        String who = "search subscriber " + index;
        subscriber.webSocket = await(client.newWebSocketBuilder().connectTimeout(stepTimeout)
                .buildAsync(url, subscriber), stepTimeout, who + " connecting");
        await(subscriber.authRequired, stepTimeout, who + " waiting for AUTH_REQUIRED");
        await(subscriber.webSocket.sendBinary(ByteBuffer.wrap(Frames.auth(token)), true), stepTimeout,
                who + " sending AUTH");
        await(subscriber.authAck, stepTimeout, who + " waiting for AUTH_ACK");
        byte[] sub = SearchFrames.searchSub(subscriber.subscriptionId, mapName, Corpus.topicWord(topic),
                SearchSettings.LIVE_LIMIT);
        await(subscriber.webSocket.sendBinary(ByteBuffer.wrap(sub), true), stepTimeout, who + " sending SEARCH_SUB");
        await(subscriber.firstResult, stepTimeout, who + " waiting for SEARCH_RESP");
        return subscriber;
    }

    public MatchLedger.Tally tally() {
        return ledger.tally(topic, lostBecause);
    }

    public int topic() {
        return topic;
    }

    /** Keys of matching writes received so far. */
    public int received() {
        return ledger.receivedCount();
    }

    /** Why the connection ended before this client closed it (e.g. "1013 slow consumer"), or null. */
    public String lostBecause() {
        return lostBecause;
    }

    /** Keeps the connection from idling out. */
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

    @Override
    public void onOpen(WebSocket socket) {
        socket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        long now = System.nanoTime();
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
        String type = AckReader.typeOf(frame);
        switch (type == null ? "" : type) {
            case SearchFrames.SEARCH_UPDATE -> {
                SearchFrames.Inbound update = SearchFrames.read(frame);
                if (!subscriptionId.equals(update.id()) || update.keys().isEmpty()) {
                    metrics.otherFrame("SEARCH_UPDATE of another subscription or without a key");
                    return;
                }
                String key = update.keys().getFirst();
                if (ledger.update(key, update.changeType())) {
                    long sent = matches.sendNanos(topic, key);
                    if (sent >= 0) {
                        metrics.delivered(now, sent);
                    }
                }
            }
            case SearchFrames.SEARCH_RESP -> {
                SearchFrames.Inbound response = SearchFrames.read(frame);
                if (subscriptionId.equals(response.id()) && !firstResult.isDone()) {
                    ledger.initial(response.keys());
                    firstResult.complete(null);
                } else {
                    metrics.otherFrame("a second SEARCH_RESP to a live subscriber");
                }
            }
            case "PONG" -> { }
            case "AUTH_REQUIRED" -> authRequired.complete(null);
            case "AUTH_ACK" -> authAck.complete(null);
            case "AUTH_FAIL" -> authAck.completeExceptionally(new IllegalStateException(
                    "the token was rejected (AUTH_FAIL)"));
            default -> {
                String description = AckReader.describe(frame);
                metrics.otherFrame("to a search subscriber: " + description);
                if (!firstResult.isDone()) {
                    IllegalStateException failure = new IllegalStateException("the server sent " + description);
                    authRequired.completeExceptionally(failure);
                    authAck.completeExceptionally(failure);
                    firstResult.completeExceptionally(failure);
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
        firstResult.completeExceptionally(failure);
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
