package dev.syncbench.simulations.target;

import dev.syncbench.crdt.Timestamp;
import dev.syncbench.protocol.Auth;
import dev.syncbench.protocol.AuthAck;
import dev.syncbench.protocol.AuthRequired;
import dev.syncbench.protocol.ClientOp;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.Message;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.OpAck;
import dev.syncbench.protocol.OpBatch;
import dev.syncbench.protocol.OpRejected;
import dev.syncbench.protocol.OpResult;
import dev.syncbench.protocol.ProtocolException;
import dev.syncbench.protocol.SyncInit;
import dev.syncbench.protocol.SyncRespRoot;
import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TopGun-protocol server for tests, whose answers to each OP_BATCH the test chooses: 429s,
 * rejections, silence, answers out of order. It sends AUTH_REQUIRED on connect and AUTH_ACK to
 * any AUTH (after an optional delay), ERROR 501 to anything else but OP_BATCH, and counts the ops it confirmed (acknowledged and not
 * rejected) and when, so a test can hold what the suite reports against what the server said.
 */
public final class FakeSyncServer implements AutoCloseable {

    /** How the server answers the {@code index}-th batch (from 0) of one connection. */
    public interface Answers {
        void answer(Link link, long index, OpBatch batch);
    }

    private final MessageCodec codec = new MessageCodec();
    private final Answers answers;
    private final Duration authDelay;
    private final LongAdder confirmedOps = new LongAdder();
    private final AtomicLong firstBatchNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastConfirmationNanos = new AtomicLong(Long.MIN_VALUE);
    private final LocalWebSocketServer server;

    private final boolean reportsApplied;

    private FakeSyncServer(Answers answers, Duration authDelay, boolean reportsApplied) {
        this.answers = answers;
        this.authDelay = authDelay;
        this.reportsApplied = reportsApplied;
        this.server = reportsApplied
                ? new LocalWebSocketServer(Listener::new, http -> http.get("/metrics", (request, response) ->
                        response.send("syncbench_ops_applied_total " + confirmedOps.sum() + "\n")))
                : new LocalWebSocketServer(Listener::new);
    }

    public static FakeSyncServer start(Answers answers) {
        return new FakeSyncServer(answers, Duration.ZERO, false);
    }

    public static FakeSyncServer startWithAuthDelay(Answers answers, Duration authDelay) {
        return new FakeSyncServer(answers, authDelay, false);
    }

    /**
     * A server that counts every op it acknowledges as applied on {@code /metrics}, as syncbench's
     * does, but keeps none of them: SYNC_INIT finds every map empty.
     */
    public static FakeSyncServer startStoringNothing(Answers answers) {
        return new FakeSyncServer(answers, Duration.ZERO, true);
    }

    public URI url() {
        return server.url();
    }

    /** Ops this server acknowledged without rejecting them: what it told the clients was applied. */
    public long confirmedOps() {
        return confirmedOps.sum();
    }

    /** Seconds from the first batch it received to the last confirmation it sent. */
    public double confirmingSeconds() {
        return (lastConfirmationNanos.get() - firstBatchNanos.get()) / 1e9;
    }

    @Override
    public void close() {
        server.close();
    }

    /** One connection, as the answers see it. */
    public final class Link {
        private final WsSession session;
        private long firstBatchNanos;
        /** Batches an {@link Answers} keeps back to answer later, e.g. out of order. */
        public final List<OpBatch> held = new ArrayList<>();

        private Link(WsSession session) {
            this.session = session;
        }

        /** Time since this connection's first batch arrived. */
        public Duration sinceFirstBatch() {
            return Duration.ofNanos(System.nanoTime() - firstBatchNanos);
        }

        /** OP_ACK naming the batch's last op: every op confirmed. */
        public void ack(OpBatch batch) {
            send(new OpAck(lastId(batch), null, null));
            confirmed(batch.ops().size());
        }

        /** OP_ACK whose {@code results} say the first {@code rejected} ops failed (as a server behind the client's clock would). */
        public void ackRejecting(OpBatch batch, int rejected) {
            List<OpResult> results = new ArrayList<>();
            for (int i = 0; i < batch.ops().size(); i++) {
                results.add(new OpResult(batch.ops().get(i).id(), i >= rejected, null,
                        i >= rejected ? null : "timestamp too far from server time"));
            }
            send(new OpAck(lastId(batch), null, results));
            confirmed(batch.ops().size() - rejected);
        }

        /** OP_REJECTED for each of the first {@code rejected} ops, then an OP_ACK without results. */
        public void rejectThenAck(OpBatch batch, int rejected) {
            for (int i = 0; i < rejected; i++) {
                send(new OpRejected(batch.ops().get(i).id(), "forbidden", 403));
            }
            send(new OpAck(lastId(batch), null, null));
            confirmed(batch.ops().size() - rejected);
        }

        /** ERROR 429 instead of an answer, as TopGun's server sheds load: nothing confirmed. */
        public void rateLimited() {
            send(new ErrorMessage(429, "rate limit exceeded, slow down", null));
        }

        private void send(Message message) {
            session.send(BufferData.create(codec.encode(message)), true);
        }

        private void confirmed(int ops) {
            confirmedOps.add(ops);
            lastConfirmationNanos.accumulateAndGet(System.nanoTime(), Math::max);
        }

        private static String lastId(OpBatch batch) {
            List<ClientOp> ops = batch.ops();
            return ops.get(ops.size() - 1).id();
        }
    }

    private final class Listener extends LocalWebSocketServer.WholeMessages {
        private Link link;
        private long batches;

        @Override
        public void onOpen(WsSession session) {
            link = new Link(session);
            link.send(new AuthRequired(null));
        }

        @Override
        void onFrame(WsSession session, byte[] frame) {
            Message message;
            try {
                message = codec.decode(frame);
            } catch (ProtocolException e) {
                return;
            }
            if (message instanceof Auth) {
                sleep(authDelay);
                link.send(new AuthAck(null, null));
            } else if (message instanceof OpBatch batch) {
                long now = System.nanoTime();
                firstBatchNanos.accumulateAndGet(now, Math::min);
                if (batches == 0) {
                    link.firstBatchNanos = now;
                }
                answers.answer(link, batches++, batch);
            } else if (reportsApplied && message instanceof SyncInit init) {
                link.send(new SyncRespRoot(init.mapName(), 0, new Timestamp(System.currentTimeMillis(), 0, "fake")));
            } else {
                link.send(new ErrorMessage(501, "not implemented: " + message.type(), null));
            }
        }

        private static void sleep(Duration delay) {
            if (delay.isZero()) {
                return;
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
