package dev.syncbench.simulations.target;

import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.Pong;
import dev.syncbench.protocol.ProtocolException;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.ProtocolSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

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

        ProtocolSocket socket;
        try {
            socket = ProtocolSocket.connect(url, STEP_TIMEOUT);
        } catch (IOException e) {
            throw new BadInputException("the target " + where + " did not accept a WebSocket (" + rootMessage(e)
                    + "): is it a TopGun-protocol server, and is the path right (TopGun and syncbench serve /ws)?");
        }
        try (socket) {
            String first = socket.nextType(STEP_TIMEOUT);
            if (!"AUTH_REQUIRED".equals(first)) {
                throw new BadInputException("the target " + where + " sent " + first
                        + " instead of AUTH_REQUIRED: is it a TopGun-protocol server with auth enabled?");
            }
            socket.send(Frames.auth(token));
            String answer = socket.nextType(STEP_TIMEOUT);
            if ("AUTH_FAIL".equals(answer)) {
                throw new BadInputException("the target " + where
                        + " rejected the token (AUTH_FAIL): pass the server's JWT_SECRET as -Djwt.secret=...");
            }
            if (!"AUTH_ACK".equals(answer)) {
                throw new BadInputException("the target " + where + " answered AUTH with " + answer
                        + " instead of AUTH_ACK");
            }
            return compareClocks(socket, where);
        } catch (IOException e) {
            throw new BadInputException("the target " + where + " failed during the handshake: " + e.getMessage());
        }
    }

    private static long compareClocks(ProtocolSocket socket, String where) throws IOException {
        long sentAt = System.currentTimeMillis();
        socket.send(Frames.ping(sentAt));
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] next;
            try {
                next = socket.next(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            } catch (IOException silentOrClosed) {
                break;
            }
            long receivedAt = System.currentTimeMillis();
            if (!"PONG".equals(AckReader.typeOf(next))) {
                continue;
            }
            OptionalLong serverTime = serverTimeOf(next);
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

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
