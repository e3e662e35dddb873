package dev.syncbench.simulations.soak;

import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.ProtocolSocket;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A connection that holds a live query on the soak's map for the whole run and counts the
 * SERVER_EVENTs it receives: one per acknowledged write, or the server dropped one. Every
 * subscriber of a map gets its SERVER_EVENTs whatever its predicate, so the query matches no record
 * ({@link #QUERY}): over every record, each of 10,000 writes a second moved a row of a 50,000-row
 * ordered result, charged in full to each subscriber's user, and a momentary slowdown took that
 * past the server's query budget (ERROR 429), which is not what the soak is there to find.
 * An ERROR ends it (the server ended its query), and so does a PONG missing for 10 s: either is
 * reported as the reason, never as a silent shortfall of events. It PINGs every 15 s, as an idle
 * client must to stay connected. Its reader is a thread of its own.
 */
final class SoakSubscriber implements AutoCloseable {
    private static final Duration PING_EVERY = Duration.ofSeconds(15);
    private static final Duration PONG_WITHIN = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);
    /** A predicate on an attribute the soak's records ({@code {v: seq}}) lack. */
    private static final List<Frames.Leaf> QUERY = List.of(new Frames.Leaf("eq", "soak-absent", "none"));

    private final ProtocolSocket socket;
    private final Thread reader;
    private volatile long events;
    private volatile String endedBecause;
    private volatile boolean closing;

    private SoakSubscriber(ProtocolSocket socket, String name) {
        this.socket = socket;
        this.reader = Thread.ofPlatform().daemon().name(name).start(this::read);
    }

    /** Connects, authenticates, subscribes, and waits for the snapshot. */
    static SoakSubscriber open(URI url, String token, String mapName, int index, Duration timeout) throws IOException {
        ProtocolSocket socket = ProtocolSocket.open(url, token, timeout);
        try {
            socket.send(Frames.querySub("soak-" + index, mapName, QUERY));
            String type = socket.nextType(timeout);
            if (!type.equals("QUERY_RESP")) {
                throw new IOException("subscriber " + index + " expected QUERY_RESP, got " + type);
            }
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new SoakSubscriber(socket, "syncbench-soak-subscriber-" + index);
    }

    private void read() {
        long nextPing = System.nanoTime() + PING_EVERY.toNanos();
        long pongDue = 0;
        try {
            while (!closing) {
                byte[] frame = socket.nextOrNull(POLL);
                String type = frame == null ? "" : AckReader.typeOf(frame);
                switch (type) {
                    case "SERVER_EVENT" -> events++;
                    case "PONG" -> pongDue = 0;
                    case "ERROR" -> {
                        endedBecause = AckReader.describe(frame);
                        return;
                    }
                    default -> { }
                }
                long now = System.nanoTime();
                if (pongDue != 0 && now - pongDue > 0) {
                    endedBecause = "no PONG within " + PONG_WITHIN.toSeconds() + " s of a PING";
                    return;
                }
                if (now - nextPing > 0) {
                    socket.send(Frames.ping(System.currentTimeMillis()));
                    nextPing = now + PING_EVERY.toNanos();
                    if (pongDue == 0) {
                        pongDue = now + PONG_WITHIN.toNanos();
                    }
                }
            }
        } catch (IOException e) {
            if (!closing) {
                endedBecause = e.getMessage();
            }
        }
    }

    long events() {
        return events;
    }

    /** Why the connection ended before the run did; null while it holds. */
    String endedBecause() {
        return endedBecause;
    }

    @Override
    public void close() {
        closing = true;
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
