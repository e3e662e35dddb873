package dev.syncbench.simulations.soak;

import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.ProtocolSocket;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * A connection that holds a live query on the soak's map (every record) for the whole run and
 * counts the SERVER_EVENTs it receives: one per acknowledged write, or the server dropped one.
 * It PINGs every 15 s, as an idle client must to stay connected. Its reader is a thread of its own.
 */
final class SoakSubscriber implements AutoCloseable {
    private static final Duration PING_EVERY = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(500);

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
            socket.send(Frames.querySub("soak-" + index, mapName));
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
        try {
            while (!closing) {
                byte[] frame = socket.nextOrNull(POLL);
                if (frame != null && "SERVER_EVENT".equals(AckReader.typeOf(frame))) {
                    events++;
                }
                if (System.nanoTime() - nextPing > 0) {
                    socket.send(Frames.ping(System.currentTimeMillis()));
                    nextPing = System.nanoTime() + PING_EVERY.toNanos();
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
