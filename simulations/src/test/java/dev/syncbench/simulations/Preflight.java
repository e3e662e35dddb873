package dev.syncbench.simulations;

import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.Pong;
import dev.syncbench.protocol.ProtocolException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One connection through the whole handshake before the load starts, so an unreachable target or
 * a rejected token ends the run at once with one clear message, instead of N failed users. It then
 * compares the target's clock with this machine's (PING, PONG {@code serverTime}): ops carry this
 * machine's wall-clock time, and a server rejects ops stamped further ahead of its own clock than
 * its drift limit, so a run against a server whose clock is off would measure nothing but rejections.
 */
public final class Preflight {
    /** syncbench's {@code limits.max-clock-drift-ms} default, the same bound TopGun's server applies. */
    static final long MAX_CLOCK_DRIFT_MS = 60_000;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);
    private static final String CLOSED = "\u0000closed";

    private Preflight() {
    }

    /**
     * Checks the handshake and the clock; returns the target's clock minus this machine's in ms, or
     * {@link Long#MIN_VALUE} when the target's PONG carries no time to compare.
     */
    public static long check(URI url, String token) {
        String where = url.toString();
        int port = url.getPort() != -1 ? url.getPort() : "wss".equals(url.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), 2_000);
        } catch (IOException e) {
            throw new BadInputException("cannot reach the target " + where + ": " + e.getMessage());
        }

        LinkedBlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
        WebSocket webSocket;
        try {
            webSocket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(STEP_TIMEOUT)
                    .buildAsync(url, new Collector(inbound))
                    .get(STEP_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BadInputException("the target " + where + " did not accept a WebSocket: " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while connecting to " + where);
        }
        try {
            String first = nextType(inbound, "AUTH_REQUIRED");
            if (!"AUTH_REQUIRED".equals(first)) {
                throw new BadInputException("the target " + where + " sent " + first
                        + " instead of AUTH_REQUIRED: is it a TopGun-protocol server with auth enabled?");
            }
            webSocket.sendBinary(ByteBuffer.wrap(Frames.auth(token)), true);
            String answer = nextType(inbound, "AUTH_ACK");
            if ("AUTH_FAIL".equals(answer)) {
                throw new BadInputException("the target " + where
                        + " rejected the token (AUTH_FAIL): pass the server's JWT_SECRET as -Djwt.secret=...");
            }
            if (!"AUTH_ACK".equals(answer)) {
                throw new BadInputException("the target " + where + " answered AUTH with " + answer
                        + " instead of AUTH_ACK");
            }
            return compareClocks(webSocket, inbound, where);
        } finally {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "preflight done");
            webSocket.abort();
        }
    }

    private static long compareClocks(WebSocket webSocket, LinkedBlockingQueue<Object> inbound, String where) {
        long sentAt = System.currentTimeMillis();
        webSocket.sendBinary(ByteBuffer.wrap(Frames.ping(sentAt)), true);
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Object next;
            try {
                next = inbound.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BadInputException("interrupted while waiting for PONG");
            }
            long receivedAt = System.currentTimeMillis();
            if (next == null || next instanceof String) {
                break;
            }
            if (!"PONG".equals(AckReader.typeOf((byte[]) next))) {
                continue;
            }
            OptionalLong serverTime = serverTimeOf((byte[]) next);
            if (serverTime.isEmpty()) {
                break;
            }
            long offset = clockOffset(sentAt, receivedAt, serverTime.getAsLong());
            requireClockWithinDrift(offset, receivedAt - sentAt, where);
            return offset;
        }
        System.out.println("syncbench: the clock of " + where + " was not compared (no PONG with serverTime "
                + "within " + STEP_TIMEOUT.toSeconds() + " s)");
        return Long.MIN_VALUE;
    }

    /** The server's clock minus ours, taking the PONG's time as read halfway through the round trip. */
    static long clockOffset(long sentAtMillis, long receivedAtMillis, long serverTimeMillis) {
        return serverTimeMillis - (sentAtMillis + receivedAtMillis) / 2;
    }

    /** Aborts with one line when the clocks differ by more than the drift limit, round trip allowed for. */
    static void requireClockWithinDrift(long offsetMillis, long roundTripMillis, String where) {
        if (Math.abs(offsetMillis) - roundTripMillis / 2 > MAX_CLOCK_DRIFT_MS) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "the clock of %s is %.1f s %s this machine's, beyond the %d s drift a server allows: ops "
                            + "stamped here would be rejected or misordered; synchronise the clocks (NTP) and rerun",
                    where, Math.abs(offsetMillis) / 1000.0, offsetMillis < 0 ? "behind" : "ahead of",
                    MAX_CLOCK_DRIFT_MS / 1000));
        }
    }

    private static OptionalLong serverTimeOf(byte[] pong) {
        try {
            return new MessageCodec().decode(pong) instanceof Pong decoded
                    ? OptionalLong.of(decoded.serverTime()) : OptionalLong.empty();
        } catch (ProtocolException | RuntimeException malformed) {
            return OptionalLong.empty();
        }
    }

    private static String nextType(LinkedBlockingQueue<Object> inbound, String expected) {
        Object next;
        try {
            next = inbound.poll(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while waiting for " + expected);
        }
        if (next == null) {
            return "nothing within " + STEP_TIMEOUT.toSeconds() + " s";
        }
        if (next instanceof String closed) {
            return "a close (" + closed.substring(CLOSED.length()) + ")";
        }
        String type = AckReader.typeOf((byte[]) next);
        return type.isEmpty() ? "a frame without a type" : type;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Collects whole binary messages (and the close) into a queue. */
    private record Collector(LinkedBlockingQueue<Object> inbound, java.io.ByteArrayOutputStream partial)
            implements WebSocket.Listener {
        Collector(LinkedBlockingQueue<Object> inbound) {
            this(inbound, new java.io.ByteArrayOutputStream());
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                inbound.add(partial.toByteArray());
                partial.reset();
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            inbound.add(CLOSED + statusCode + (reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            inbound.add(CLOSED + "error: " + error.getMessage());
        }
    }
}
