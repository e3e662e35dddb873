package dev.syncbench.service;

import dev.syncbench.protocol.ServerMessage;
import java.util.List;

/** What a domain service may do with the connection it serves or fans out to. */
public interface ClientSession {

    long id();

    String userId();

    /** The roles of the token it authenticated with; policies may name them. */
    default List<String> roles() {
        return List.of();
    }

    /** Sends a reply after this connection's earlier replies; call only from the thread handling its frames. */
    void send(ServerMessage message);

    /**
     * Queues a live event encoded once for all recipients. Never waits: when the outbound queue is
     * full the connection is closed with 1013 so the client resyncs instead of silently missing it.
     */
    void sendEvent(byte[] frame);
}
