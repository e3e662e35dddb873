package dev.syncbench.net;

import dev.syncbench.ServerConfig;
import dev.syncbench.protocol.Auth;
import dev.syncbench.protocol.AuthAck;
import dev.syncbench.protocol.AuthFail;
import dev.syncbench.protocol.AuthRequired;
import dev.syncbench.protocol.Batch;
import dev.syncbench.protocol.ClientMessage;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.Message;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.OpBatch;
import dev.syncbench.protocol.Ping;
import dev.syncbench.protocol.ProtocolException;
import dev.syncbench.protocol.ServerMessage;
import dev.syncbench.protocol.Unrecognized;
import dev.syncbench.service.ClientSession;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection: its phase (awaiting AUTH or authenticated), its frames handled strictly
 * in arrival order on the connection's own virtual thread, and its ordered outbound queue.
 *
 * <p>When the server closes a connection (timeouts, a slow consumer, shutdown) it never waits on
 * the client: what the connection holds (subscriptions, locks) is released as soon as the frame
 * in hand is done, the close frame follows what is pending, and the socket is ended at most
 * {@link #CLOSE_DEADLINE_NANOS} after the decision, whether or not the client reads or answers.
 */
final class Connection implements ClientSession {
    private static final Logger LOG = Logger.getLogger(Connection.class.getName());
    /** The close reason (with 1008) of a session whose token expired. */
    static final String TOKEN_EXPIRED = "token expired";
    static final int MAX_BATCH_ITEMS = 8192;
    private static final String RATE_LIMITED = "rate limit exceeded, slow down";
    /** How long a connection's thread may handle frames before it lets other connections run. */
    private static final long SLICE_NANOS = 200_000;
    /** How long one socket write may wait on a client that does not read. */
    static final long WRITE_DEADLINE_NANOS = 5_000_000_000L;
    /** How long a connection the server closes may keep its socket: for the close frame and the peer's answer. */
    static final long CLOSE_DEADLINE_NANOS = 2_000_000_000L;

    private final long id;
    private final ServerContext context;
    private final Outbound outbound;
    private final FramesInHand framesInHand;
    private final TokenBucket rateLimit;
    private final long openedAtNanos;
    /** Held while a frame is handled, so shutdown can wait for frames in hand. */
    private final ReentrantLock handling = new ReentrantLock();
    private volatile long lastActivityNanos;
    private long sliceStartedNanos;
    private volatile Principal principal;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final AtomicBoolean stateReleased = new AtomicBoolean();
    /** Helidon's thread for this connection: it reads the socket, and ends when the socket does. */
    private final Thread thread;
    private final HelidonSocket socket;

    /** Called on the connection's own thread. */
    Connection(long id, WsSession ws, ServerContext context) {
        this.id = id;
        this.context = context;
        this.thread = Thread.currentThread();
        this.socket = ((ConnectionContext) ws.socketContext()).serverSocket();
        ServerConfig config = context.config();
        this.outbound = new Outbound(ws, context.metrics(), config.outboundQueueFrames(), "ws-out-" + id);
        this.framesInHand = new FramesInHand(((ConnectionContext) ws.socketContext()).dataReader());
        this.openedAtNanos = System.nanoTime();
        this.lastActivityNanos = openedAtNanos;
        this.rateLimit = new TokenBucket(config.opsPerSecond(), config.opsBurst(), openedAtNanos);
    }

    void opened() {
        if (context.authenticator() == null) {
            principal = Principal.ANONYMOUS;
        } else {
            send(new AuthRequired(null));
            outbound.flushReplies(false);
        }
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String userId() {
        Principal p = principal;
        return p == null ? null : p.userId();
    }

    @Override
    public List<String> roles() {
        Principal p = principal;
        return p == null ? List.of() : p.roles();
    }

    boolean isAuthenticated() {
        return principal != null;
    }

    /** True once the token this connection authenticated with is past its exp and the leeway. */
    boolean tokenExpiredAt(long nowMillis) {
        Principal p = principal;
        return p != null && nowMillis > p.validUntilMillis();
    }

    long openedAtNanos() {
        return openedAtNanos;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    @Override
    public void send(ServerMessage message) {
        if (message instanceof ErrorMessage) {
            context.metrics().error();
        }
        outbound.reply(context.codec().encode(message));
    }

    @Override
    public void sendEvent(byte[] frame) {
        if (outbound.offerEvent(frame)) {
            context.metrics().eventSent();
        } else if (!outbound.isClosing()) {
            LOG.info(() -> "closing slow consumer connection " + id);
            context.metrics().slowConsumerClosed();
            // Called on a writer's thread, maybe under a partition lock: drop what is pending
            // here, release on the closing thread.
            outbound.closeNow(1013, "slow consumer");
            startClosing(1013, "slow consumer");
        }
    }

    /**
     * Closes after the replies to the frame in hand and everything pending; returns at once, from
     * any thread (the reaper, shutdown, the connection's own).
     */
    void close(int code, String reason) {
        if (handling.isHeldByCurrentThread()) {
            // Decided while handling a frame (a failed AUTH): no later frame may be answered.
            outbound.closeAfterPending(code, reason);
        }
        startClosing(code, reason);
    }

    /**
     * The closing thread: once the frame in hand is done, no further frame is handled and what
     * the connection holds is released; then the socket gets until the close deadline to end by
     * itself (close frame written, peer answered) before it is ended.
     */
    private void startClosing(int code, String reason) {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + CLOSE_DEADLINE_NANOS;
        Thread.ofVirtual().name("ws-close-" + id).start(() -> {
            handling.lock();
            try {
                outbound.closeAfterPending(code, reason);
                releaseState();
            } finally {
                handling.unlock();
            }
            try {
                long left = deadline - System.nanoTime();
                if (left > 0 && thread.join(Duration.ofNanos(left))) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.fine(() -> "ending connection " + id + " (" + code + " " + reason + "): the socket outlived the close deadline");
            terminate();
        });
    }

    /**
     * Cuts off a socket write that has waited on this client longer than the deadline: the socket
     * is ended, so the connection ends and releases what it holds.
     */
    void cutOffStuckWrite(long nowNanos) {
        long since = outbound.writeStuckSince();
        if (since != 0 && nowNanos - since > WRITE_DEADLINE_NANOS) {
            LOG.info(() -> "ending connection " + id + ": a write waited on the client for over "
                    + WRITE_DEADLINE_NANOS / 1_000_000_000 + " s");
            terminate();
        }
    }

    /**
     * Ends the socket without waiting on the client: a write blocked on it fails at once, and the
     * connection's thread sees the socket gone, which releases the connection.
     */
    void terminate() {
        try {
            socket.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "ending connection " + id, e);
        }
    }

    /** Frees the subscriptions, locks and counters this connection holds; once. */
    private void releaseState() {
        if (stateReleased.compareAndSet(false, true)) {
            context.services().disconnected(this);
        }
    }

    /** True for the one caller that gets to release this connection. */
    boolean markReleased() {
        return released.compareAndSet(false, true);
    }

    /** The socket is gone. */
    void closed() {
        outbound.stop();
        releaseState();
    }

    void onText() {
        lastActivityNanos = System.nanoTime();
        context.metrics().frameIn();
        send(new ErrorMessage(400, "binary frames only", null));
        outbound.flushReplies(framesInHand.nextDataFrameComplete());
    }

    /** A WebSocket ping: answered with a pong carrying its payload, as RFC 6455 requires. */
    void onPing(byte[] payload) {
        lastActivityNanos = System.nanoTime();
        outbound.pong(payload);
        outbound.flushReplies(framesInHand.nextDataFrameComplete());
    }

    void onBinary(byte[] frame) {
        lastActivityNanos = System.nanoTime();
        context.metrics().frameIn();
        handling.lock();
        try {
            if (outbound.isClosing()) {
                return;
            }
            if (tokenExpiredAt(System.currentTimeMillis())) {
                // Between two rounds of the reaper too, a session whose token expired acts on nothing more.
                close(1008, TOKEN_EXPIRED);
                return;
            }
            handle(frame, false);
        } finally {
            handling.unlock();
        }
        outbound.flushReplies(framesInHand.nextDataFrameComplete());
        shareCarrier();
    }

    /**
     * Virtual threads are not time-sliced: a connection whose socket always has data would keep
     * its carrier and starve the others. So a connection that has run for a slice without
     * blocking yields; one that waits on its socket in between has let others run anyway.
     */
    private void shareCarrier() {
        long now = System.nanoTime();
        if (now - sliceStartedNanos >= SLICE_NANOS) {
            Thread.yield();
            sliceStartedNanos = System.nanoTime();
        }
    }

    private void handle(byte[] frame, boolean insideBatch) {
        Message message;
        try {
            message = context.codec().decode(frame, principal != null);
        } catch (ProtocolException e) {
            send(new ErrorMessage(400, e.getMessage(), null));
            return;
        }
        try {
            dispatch(message, insideBatch);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "failed to handle " + message.type() + " on connection " + id, e);
            send(new ErrorMessage(500, "internal error handling " + message.type(), null));
        }
    }

    private void dispatch(Message message, boolean insideBatch) {
        switch (message) {
            case Unrecognized unknown -> send(new ErrorMessage(400, "unknown message type: " + unknown.type(), null));
            case ServerMessage serverOnly -> send(new ErrorMessage(400,
                    "message type " + serverOnly.type() + " is sent by servers, not clients", null));
            case Ping ping -> send(context.services().pong(ping));
            case Auth auth -> {
                if (!insideBatch && principal == null) {
                    authenticate(auth);
                }
            }
            case ClientMessage data when principal == null ->
                    send(new ErrorMessage(401, "authenticate first", null));
            case Batch batch -> {
                if (!insideBatch) {
                    handleBatch(batch);
                }
            }
            case ClientMessage data -> {
                int cost = data instanceof OpBatch b ? b.ops().size() : 1;
                if (!rateLimit.tryTake(cost, System.nanoTime())) {
                    send(new ErrorMessage(429, RATE_LIMITED, null));
                    return;
                }
                context.services().handle(this, data);
            }
        }
    }

    /**
     * BATCH: charged one token per item it really holds (its declared count is not trusted), then
     * refused whole above the item cap, else each inner message is handled in order as if it had its
     * own frame, and pays as one: the frame's charge is given back first, so the items pay once.
     */
    private void handleBatch(Batch batch) {
        int items = batch.itemCount();
        if (!rateLimit.tryTake(items, System.nanoTime())) {
            send(new ErrorMessage(429, RATE_LIMITED, null));
            return;
        }
        if (items > MAX_BATCH_ITEMS) {
            send(new ErrorMessage(413, "batch exceeds maximum inner item count", null));
            return;
        }
        rateLimit.giveBack(items);
        for (byte[] item : batch.items()) {
            handle(item, true);
        }
    }

    private void authenticate(Auth auth) {
        try {
            principal = context.authenticator().verify(auth.token());
            send(new AuthAck(principal.userId(), null));
        } catch (JwtAuthenticator.AuthenticationException e) {
            LOG.info(() -> "authentication failed on connection " + id + ": " + e.getMessage());
            send(new AuthFail("Authentication failed", 401));
            close(1008, "authentication failed");
        }
    }
}
