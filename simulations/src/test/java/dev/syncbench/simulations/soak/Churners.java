package dev.syncbench.simulations.soak;

import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.RawWebSocket;
import dev.syncbench.simulations.wire.Tokens;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connections that come and go: each churner connects, authenticates, sends a PING, awaits its
 * PONG and closes, then pauses {@code everyMs} and starts again, for as long as the soak runs.
 * It uses a plain socket, so a cycle leaves nothing behind in this JVM. Every cycle that fails (a refused handshake, no PONG) is counted with its reason.
 */
final class Churners implements AutoCloseable {
    private final URI url;
    private final Tokens tokens;
    private final long everyMs;
    private final Duration timeout;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure;
    private volatile boolean stopped;

    Churners(URI url, Tokens tokens, long everyMs, Duration timeout) {
        this.url = url;
        this.tokens = tokens;
        this.everyMs = everyMs;
        this.timeout = timeout;
    }

    void start(int churners) {
        for (int i = 0; i < churners; i++) {
            long id = 4_000_000L + i;
            threads.add(Thread.ofPlatform().daemon().name("syncbench-soak-churner-" + i).start(() -> loop(id)));
        }
    }

    private void loop(long id) {
        while (!stopped) {
            try (RawWebSocket socket = RawWebSocket.connect(url, 0, timeout)) {
                socket.readTimeout(timeout);
                expect(socket, "AUTH_REQUIRED");
                socket.sendBinary(Frames.auth(tokens.forConnection(id)));
                expect(socket, "AUTH_ACK");
                socket.sendBinary(Frames.ping(System.currentTimeMillis()));
                expect(socket, "PONG");
                socket.sendClose(1000);
                cycles.incrementAndGet();
            } catch (IOException e) {
                if (!stopped) {
                    failures.incrementAndGet();
                    lastFailure = e.getMessage();
                }
            }
            try {
                Thread.sleep(everyMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void expect(RawWebSocket socket, String type) throws IOException {
        RawWebSocket.Frame frame = socket.read();
        String got = frame.opcode() == RawWebSocket.OP_BINARY ? AckReader.typeOf(frame.payload())
                : frame.opcode() == RawWebSocket.OP_CLOSE ? "a close " + frame.closeCode() : "opcode " + frame.opcode();
        if (!type.equals(got)) {
            throw new IOException("expected " + type + ", got " + got);
        }
    }

    long cycles() {
        return cycles.get();
    }

    long failures() {
        return failures.get();
    }

    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        stopped = true;
        for (Thread thread : threads) {
            thread.interrupt();
            try {
                thread.join(timeout.toMillis() * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
