package dev.syncbench.net;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * A connection's callbacks, called by {@link SyncWsConnection} on the connection's virtual thread, one
 * at a time, so frames are handled in arrival order. Reassembles fragmented binary messages and
 * enforces the message size limit across fragments.
 */
public final class SyncWsListener implements WsListener {
    private final ServerContext context;
    private Connection connection;
    private ByteArrayOutputStream fragments;

    public SyncWsListener(ServerContext context) {
        this.context = context;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        if (!context.connections().isAccepting()) {
            throw new WsUpgradeException("server shutting down");
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        ConnectionRegistry registry = context.connections();
        connection = new Connection(registry.nextId(), session, context);
        registry.add(connection);
        context.metrics().connectionOpened();
        watchForDisconnect(Thread.currentThread());
        connection.opened();
    }

    /**
     * Each connection runs on its own virtual thread, and onClose is not called when the peer
     * drops the socket without a close frame; the thread ending is the one sure sign.
     */
    private void watchForDisconnect(Thread connectionThread) {
        Thread.ofVirtual().name("ws-watch-" + connection.id()).start(() -> {
            try {
                connectionThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release();
        });
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        byte[] payload = new byte[buffer.available()];
        buffer.read(payload);
        onMessage(session, payload, last);
    }

    /** A binary frame's payload, already unmasked and owned by the listener from here on. */
    void onMessage(WsSession session, byte[] payload, boolean last) {
        if (fragments == null && last) {
            connection.onBinary(payload);
            return;
        }
        if (fragments == null) {
            fragments = new ByteArrayOutputStream();
        }
        if (fragments.size() + payload.length > context.config().maxFrameBytes()) {
            fragments = null;
            connection.close(1009, "message too big");
            return;
        }
        fragments.writeBytes(payload);
        if (last) {
            byte[] frame = fragments.toByteArray();
            fragments = null;
            connection.onBinary(frame);
        }
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        // A fragmented text message gets one answer, when its last fragment arrives.
        if (last) {
            connection.onText();
        }
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        byte[] payload = new byte[buffer.available()];
        buffer.read(payload);
        connection.onPing(payload);
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        release();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        release();
    }

    private void release() {
        Connection gone = connection;
        if (gone != null && gone.markReleased()) {
            context.connections().remove(gone);
            context.metrics().connectionClosed();
            gone.closed();
        }
    }
}
