package dev.syncbench.service;

import dev.syncbench.protocol.ServerMessage;

/** What a domain service may do with the connection it serves or fans out to. */
public interface ClientSession {

    long id();

    String userId();

    /** Queues a reply behind this connection's earlier replies; waits while the outbound queue is full. */
    void send(ServerMessage message);

    /**
     * Queues a live event encoded once for all recipients. Never waits: when the outbound queue is
     * full the connection is closed with 1013 so the client resyncs instead of silently missing it.
     */
    void sendEvent(byte[] frame);
}
