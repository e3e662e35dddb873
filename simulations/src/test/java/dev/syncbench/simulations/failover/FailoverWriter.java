package dev.syncbench.simulations.failover;

import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.BatchEncoder;
import dev.syncbench.simulations.wire.KeyPlan;
import dev.syncbench.simulations.wire.ProtocolSocket;
import dev.syncbench.simulations.wire.Reply;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One fire-and-wait writer of the failover run, on a virtual thread of its own: it connects to
 * member {@code (id - 1) mod n}, sends a batch, waits for its answer ({@code answerSecs} at most),
 * pauses {@code interval} ms, and repeats until the deadline. When its socket closes (its member
 * was killed) or a batch goes unanswered, the batch counts as failed and the writer reconnects to
 * the next member, and the next, until one takes it; it goes on writing new keys there (past the
 * deadline too, for at most {@code settleSecs}, until its next ack: that is its recovery). Each
 * acknowledged batch goes to the {@link AckLedger}; a batch that failed is never counted as
 * acknowledged, even if a member applied it.
 */
final class FailoverWriter implements Runnable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final long RETRY_PAUSE_MS = 100;

    private final long id;
    private final List<URI> members;
    private final String token;
    private final FailoverSettings settings;
    private final AckLedger ledger;
    private final FailoverMetrics metrics;
    private final long deadlineNanos;
    private final long recoveryDeadlineNanos;
    private final BatchEncoder encoder;
    private int member;
    private long nextSeq;

    FailoverWriter(long id, List<URI> members, String token, FailoverSettings settings, AckLedger ledger,
                   FailoverMetrics metrics, long deadlineNanos) {
        this.id = id;
        this.members = members;
        this.token = token;
        this.settings = settings;
        this.ledger = ledger;
        this.metrics = metrics;
        this.deadlineNanos = deadlineNanos;
        this.recoveryDeadlineNanos = deadlineNanos + Duration.ofSeconds(settings.settleSecs()).toNanos();
        this.encoder = new BatchEncoder(id, settings.common().batchSize(), KeyPlan.SEQUENTIAL,
                settings.common().map());
        this.member = (int) Math.floorMod(id - 1, (long) members.size());
    }

    @Override
    public void run() {
        ProtocolSocket socket = null;
        boolean connectedBefore = false;
        long lostAtNanos = -1;
        Duration answerTimeout = Duration.ofSeconds(settings.answerSecs());
        int batchSize = settings.common().batchSize();
        try {
            // A writer that lost its connection near the end writes on until its next ack (its recovery), within limits.
            while (System.nanoTime() - deadlineNanos < 0
                    || lostAtNanos >= 0 && System.nanoTime() - recoveryDeadlineNanos < 0) {
                if (socket == null) {
                    try {
                        socket = ProtocolSocket.open(members.get(member), token, CONNECT_TIMEOUT);
                    } catch (IOException e) {
                        metrics.connectFailed();
                        member = (member + 1) % members.size();
                        Thread.sleep(RETRY_PAUSE_MS);
                        continue;
                    }
                    if (connectedBefore) {
                        metrics.reconnected();
                    }
                    connectedBefore = true;
                }
                long firstSeq = nextSeq;
                byte[] frame = encoder.nextBatch(System.currentTimeMillis());
                nextSeq += batchSize;
                long sentNanos = System.nanoTime();
                long sentMillis = System.currentTimeMillis();
                metrics.sent(sentNanos);
                String failure;
                try {
                    socket.send(frame);
                    failure = awaitAnswer(socket, nextSeq - 1, answerTimeout);
                } catch (IOException e) {
                    failure = "connection lost (" + e.getMessage() + ")";
                }
                long now = System.nanoTime();
                if (failure != null) {
                    metrics.failedAt(sentMillis, now - sentNanos, now,
                            failure.startsWith("connection lost") ? "connection lost" : failure);
                }
                if (failure == null) {
                    ledger.acked(id, firstSeq);
                    metrics.acked(sentMillis, now - sentNanos, now);
                    if (lostAtNanos >= 0) {
                        metrics.recovered((now - lostAtNanos) / 1_000);
                        lostAtNanos = -1;
                    }
                } else {
                    if (failure.startsWith("connection lost") || failure.startsWith("no answer")) {
                        socket.close();
                        socket = null;
                        metrics.connectionLost();
                        if (lostAtNanos < 0) {
                            lostAtNanos = sentNanos;
                            metrics.lossStarted();
                        }
                        member = (member + 1) % members.size();
                        continue;
                    }
                }
                Thread.sleep(settings.common().intervalMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
    }

    /**
     * Reads frames until the answer to the batch whose last op is {@code lastSeq}: null for an OP_ACK
     * with no op failed, else why it failed. Pushed PARTITION_MAPs are counted and skipped.
     */
    private String awaitAnswer(ProtocolSocket socket, long lastSeq, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int rejected = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            byte[] frame = left <= 0 ? null : socket.nextOrNull(Duration.ofNanos(left));
            if (frame == null) {
                return "no answer within " + timeout.toSeconds() + " s";
            }
            Reply reply = AckReader.read(frame);
            switch (reply.kind()) {
                case OP_ACK -> {
                    if (reply.connection() == id && reply.seq() == lastSeq) {
                        int failed = Math.max(rejected, reply.failedOps());
                        return failed == 0 ? null : "ops rejected";
                    }
                }
                case OP_REJECTED -> rejected++;
                case ERROR -> {
                    return "ERROR " + reply.code();
                }
                case OTHER -> {
                    if ("PARTITION_MAP".equals(AckReader.typeOf(frame))) {
                        metrics.mapPushed();
                    }
                }
                case PONG -> { }
            }
        }
    }
}
