package dev.syncbench.simulations.abuse;

import dev.syncbench.simulations.load.FrameTally;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.BatchEncoder;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.RawWebSocket;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A client that never authenticates and sends, at {@code rate} frames per second, bytes that are
 * not MessagePack and OP_BATCHes (each session under fresh node ids, which the server must not
 * keep before authentication). The server answers each with an ERROR and closes it 1008 at its
 * auth timeout; it then reconnects. It reads everything, so it is never a slow consumer.
 */
public final class UnauthenticatedFlood implements Abuser {
    static final String AUTH_TIMEOUT = "closed by the server: 1008 authentication timeout";
    private static final long TICK_NANOS = 10_000_000;

    private final URI url;
    private final int rate;
    private final FrameTally tally;

    UnauthenticatedFlood(URI url, int rate, FrameTally tally) {
        this.url = url;
        this.rate = rate;
        this.tally = tally;
    }

    @Override
    public FrameTally tally() {
        return tally;
    }

    @Override
    public void session(BooleanSupplier keepGoing) throws IOException, InterruptedException {
        BatchEncoder batches = new BatchEncoder(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 10);
        byte[] garbage = Frames.garbage(64);
        try (RawWebSocket ws = RawWebSocket.connect(url, 0, STEP_TIMEOUT)) {
            Thread reader = Thread.ofVirtual().name("abuse-flood-reader").start(() -> read(ws));
            long sent = 0;
            long startNanos = System.nanoTime();
            try {
                while (keepGoing.getAsBoolean() && reader.isAlive()) {
                    long due = (System.nanoTime() - startNanos) * rate / 1_000_000_000L;
                    for (; sent < due; sent++) {
                        ws.sendBinary(sent % 2 == 0 ? garbage : batches.nextBatch(System.currentTimeMillis()));
                    }
                    LockSupport.parkNanos(TICK_NANOS);
                }
            } catch (IOException e) {
                tally.add("send failed: " + e.getClass().getSimpleName());
            } finally {
                tally.add("frames sent", sent);
                Abuser.endSession(ws, reader);
            }
        }
    }

    private void read(RawWebSocket ws) {
        try {
            Abuser.readUntilClose(ws, tally, payload -> {
                String type = AckReader.typeOf(payload);
                tally.add(type.equals("ERROR") ? AckReader.describe(payload) : type + " received");
            });
        } catch (IOException e) {
            tally.add(Abuser.describeEnd(e));
        }
    }
}
