package dev.syncbench.simulations.storm;

import dev.syncbench.simulations.load.FrameTally;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.RawWebSocket;
import dev.syncbench.simulations.wire.Tokens;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.Histogram;

/**
 * The mass reconnect: {@code clients} connections subscribe to every record of a fresh map and
 * drop their sockets together (no close frame: a network that drops them); while they are away a
 * writer writes {@code records} records, each batch acknowledged; then all reconnect at one
 * signal, authenticate, and subscribe again. Each resubscription's QUERY_RESP snapshot must hold
 * every acknowledged record with its value. Each client is a virtual thread on a plain socket, so
 * the wave leaves at once rather than at the pace of an injector.
 */
public final class MassReconnect {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int OPENING_AT_ONCE = 100;
    private static final int BATCH = 50;
    private static final long FIRST_CLIENT_ID = 7_000_000L;

    /**
     * What the mass reconnect saw.
     *
     * @param clients the clients asked for
     * @param subscribedBefore how many subscribed before the drop
     * @param openFailures why the others did not
     * @param recordsAcked records the writer wrote while they were away, acknowledged
     * @param writeFailures batches refused or unanswered, by reason
     * @param reconnected clients that authenticated and received a snapshot again
     * @param reconnectFailures why the others did not, by reason
     * @param incompleteSnapshots reconnected clients whose snapshot lacked a record or held a wrong value
     * @param incompleteExamples a few of them, each with what it lacked
     * @param handshakeUs each reconnecting client's connect to AUTH_ACK, in µs
     * @param allAuthenticatedSecs from the signal to the last AUTH_ACK of the wave
     * @param allResyncedSecs from the signal to the last snapshot of the wave
     */
    public record Result(int clients, int subscribedBefore, Map<String, Long> openFailures, long recordsAcked,
                         Map<String, Long> writeFailures, int reconnected, Map<String, Long> reconnectFailures,
                         int incompleteSnapshots, List<String> incompleteExamples, Histogram handshakeUs,
                         double allAuthenticatedSecs, double allResyncedSecs) {
    }

    private MassReconnect() {
    }

    public static Result run(URI url, Tokens tokens, String mapName, int clients, int records) {
        AtomicReferenceArray<RawWebSocket> sockets = new AtomicReferenceArray<>(clients);
        FrameTally openFailures = new FrameTally();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore opening = new Semaphore(OPENING_AT_ONCE); // the first connections are no storm: not measured
            for (int i = 0; i < clients; i++) {
                int index = i;
                threads.submit(() -> {
                    opening.acquireUninterruptibly();
                    try {
                        sockets.set(index, subscribe(url, tokens.forConnection(FIRST_CLIENT_ID + index), mapName,
                                index).socket());
                    } catch (IOException e) {
                        openFailures.add(e.getMessage());
                    } finally {
                        opening.release();
                    }
                });
            }
        }
        int subscribed = 0;
        for (int i = 0; i < clients; i++) {
            RawWebSocket socket = sockets.get(i);
            if (socket != null) {
                socket.close();
                subscribed++;
            }
        }

        FrameTally writeFailures = new FrameTally();
        Map<String, String> acked = write(url, tokens, mapName, records, writeFailures);

        Histogram handshakeUs = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        FrameTally reconnectFailures = new FrameTally();
        List<String> incomplete = new ArrayList<>();
        AtomicLong lastAuthNanos = new AtomicLong();
        AtomicLong lastResyncNanos = new AtomicLong();
        CountDownLatch signal = new CountDownLatch(1);
        AtomicLong reconnected = new AtomicLong();
        long signalNanos;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch ready = new CountDownLatch(clients);
            for (int i = 0; i < clients; i++) {
                int index = i;
                threads.submit(() -> {
                    ready.countDown();
                    try {
                        signal.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long start = System.nanoTime();
                    try {
                        Subscription again = subscribe(url, tokens.forConnection(FIRST_CLIENT_ID + index), mapName,
                                index);
                        again.socket().close();
                        synchronized (handshakeUs) {
                            handshakeUs.recordValue(Math.min(handshakeUs.getHighestTrackableValue(),
                                    (again.authenticatedNanos() - start) / 1_000));
                        }
                        lastAuthNanos.accumulateAndGet(again.authenticatedNanos(), Math::max);
                        lastResyncNanos.accumulateAndGet(again.snapshotNanos(), Math::max);
                        reconnected.incrementAndGet();
                        String lacking = lacking(acked, again.snapshot());
                        if (lacking != null) {
                            synchronized (incomplete) {
                                incomplete.add("client " + index + ": " + lacking);
                            }
                        }
                    } catch (IOException e) {
                        reconnectFailures.add(e.getMessage());
                    }
                });
            }
            try {
                ready.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            signalNanos = System.nanoTime();
            signal.countDown();
        }
        return new Result(clients, subscribed, openFailures.counts(), acked.size(), writeFailures.counts(),
                (int) reconnected.get(), reconnectFailures.counts(), incomplete.size(),
                incomplete.subList(0, Math.min(3, incomplete.size())).stream().toList(), handshakeUs,
                secondsSince(signalNanos, lastAuthNanos.get()), secondsSince(signalNanos, lastResyncNanos.get()));
    }

    private static double secondsSince(long fromNanos, long toNanos) {
        return toNanos == 0 ? -1 : (toNanos - fromNanos) / 1e9;
    }

    /** A subscribed connection, when it was authenticated, and the snapshot it received. */
    private record Subscription(RawWebSocket socket, long authenticatedNanos, long snapshotNanos,
                                Map<String, String> snapshot) {
    }

    /** Connects, authenticates, subscribes to every record of {@code mapName} and reads the snapshot. */
    private static Subscription subscribe(URI url, String token, String mapName, int index) throws IOException {
        RawWebSocket socket;
        try {
            socket = RawWebSocket.connect(url, 0, TIMEOUT);
        } catch (IOException e) {
            throw new IOException("connect: " + e.getMessage(), e);
        }
        try {
            socket.readTimeout(TIMEOUT);
            expect(socket, "AUTH_REQUIRED");
            socket.sendBinary(Frames.auth(token));
            expect(socket, "AUTH_ACK");
            long authenticated = System.nanoTime();
            socket.sendBinary(Frames.querySub("reconnect-" + index, mapName));
            byte[] response = expect(socket, "QUERY_RESP");
            return new Subscription(socket, authenticated, System.nanoTime(), SnapshotReader.values(response));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The next data frame's payload, which must be of {@code type}; an {@link IOException} naming what came instead. */
    private static byte[] expect(RawWebSocket socket, String type) throws IOException {
        RawWebSocket.Frame frame;
        try {
            frame = socket.read();
        } catch (java.net.SocketTimeoutException e) {
            throw new IOException("no " + type + " within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new IOException("awaiting " + type + ": " + e, e);
        }
        String got = frame.opcode() == RawWebSocket.OP_BINARY ? AckReader.typeOf(frame.payload())
                : frame.opcode() == RawWebSocket.OP_CLOSE ? "a close " + frame.closeCode() : "opcode " + frame.opcode();
        if (got.equals("ERROR")) {
            got = AckReader.describe(frame.payload());
        }
        if (!type.equals(got)) {
            throw new IOException("expected " + type + ", got " + got);
        }
        return frame.payload();
    }

    /**
     * Writes {@code records} records in batches of {@value #BATCH}, each batch awaited; returns the
     * acknowledged ones, key → value. A batch refused or unanswered is counted and left out.
     */
    private static Map<String, String> write(URI url, Tokens tokens, String mapName, int records, FrameTally failures) {
        Map<String, String> acked = new LinkedHashMap<>();
        try (RawWebSocket writer = RawWebSocket.connect(url, 0, TIMEOUT)) {
            writer.readTimeout(TIMEOUT);
            expect(writer, "AUTH_REQUIRED");
            writer.sendBinary(Frames.auth(tokens.forConnection(FIRST_CLIENT_ID - 1)));
            expect(writer, "AUTH_ACK");
            for (int from = 0, batch = 0; from < records; from += BATCH, batch++) {
                List<String> keys = new ArrayList<>();
                for (int k = from; k < Math.min(records, from + BATCH); k++) {
                    keys.add("k-" + k);
                }
                String value = "while-away-" + batch;
                writer.sendBinary(Frames.putStrings("away-" + batch, mapName, keys, value, System.currentTimeMillis(),
                        batch, "storm-writer"));
                try {
                    expect(writer, "OP_ACK");
                    keys.forEach(key -> acked.put(key, value));
                } catch (IOException e) {
                    failures.add(e.getMessage());
                }
            }
        } catch (IOException e) {
            failures.add("writer: " + e.getMessage());
        }
        return acked;
    }

    /** What {@code snapshot} lacks of {@code acked}, in words; null when it holds every record with its value. */
    static String lacking(Map<String, String> acked, Map<String, String> snapshot) {
        long missing = 0;
        long wrong = 0;
        String example = null;
        for (Map.Entry<String, String> record : acked.entrySet()) {
            String held = snapshot.get(record.getKey());
            if (held == null) {
                missing++;
                example = example == null ? record.getKey() + " missing" : example;
            } else if (!held.equals(record.getValue())) {
                wrong++;
                example = example == null ? record.getKey() + " = " + held + ", not " + record.getValue() : example;
            }
        }
        return missing + wrong == 0 ? null : missing + " records missing, " + wrong + " with another value (" + example + ")";
    }
}
