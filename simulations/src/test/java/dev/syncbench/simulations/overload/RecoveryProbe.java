package dev.syncbench.simulations.overload;

import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.ProtocolSocket;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One fire-and-wait client on a map of its own: it sends a one-PUT OP_BATCH, awaits its OP_ACK,
 * pauses, and so on, timing each round trip in µs. Run before the overload, it gives the server's
 * normal latency; run from the moment the overload stops, how soon the server serves a newcomer
 * normally again. A probe whose batch is refused or unanswered counts as such, not as a latency.
 */
public final class RecoveryProbe implements AutoCloseable {
    static final String MAP = "overload-probe";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final ProtocolSocket socket;
    private long seq;

    /** The round trips of one probe run, the first of them apart (it may wait for a backlog), and failures. */
    public record Run(Histogram latency, long firstUs, long failures, String lastFailure) {
    }

    private RecoveryProbe(ProtocolSocket socket) {
        this.socket = socket;
    }

    static RecoveryProbe open(URI url, String token) throws IOException {
        return new RecoveryProbe(ProtocolSocket.open(url, token, Duration.ofSeconds(10)));
    }

    /** Probes every {@code everyMs} for {@code duration}. */
    Run run(Duration duration, long everyMs) {
        long end = System.nanoTime() + duration.toNanos();
        return run(() -> System.nanoTime() - end < 0, everyMs);
    }

    /** Probes every {@code everyMs} while {@code keepGoing}. */
    Run run(java.util.function.BooleanSupplier keepGoing, long everyMs) {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        long first = -1;
        long failures = 0;
        String lastFailure = null;
        while (keepGoing.getAsBoolean()) {
            long id = seq++;
            long start = System.nanoTime();
            try {
                socket.send(Frames.putStrings("probe-" + id, MAP, List.of("k" + (id % 100)), "probe",
                        System.currentTimeMillis(), (int) id, "overload-probe"));
                String type = awaitAnswer();
                if (!type.equals("OP_ACK")) {
                    failures++;
                    lastFailure = type;
                } else {
                    long us = (System.nanoTime() - start) / 1_000;
                    latency.recordValue(Math.min(latency.getHighestTrackableValue(), us));
                    if (first < 0) {
                        first = us;
                    }
                }
            } catch (IOException e) {
                failures++;
                lastFailure = e.getMessage();
                break;
            }
            sleep(everyMs);
        }
        return new Run(latency, first, failures, lastFailure);
    }

    /** The type of the answer to the batch just sent (OP_ACK or ERROR); frames of other kinds are skipped. */
    private String awaitAnswer() throws IOException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            byte[] frame = socket.nextOrNull(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame == null) {
                break;
            }
            String type = AckReader.typeOf(frame);
            if (type.equals("OP_ACK") || type.equals("ERROR")) {
                return type.equals("ERROR") ? AckReader.describe(frame) : type;
            }
        }
        return "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
