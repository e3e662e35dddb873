package dev.syncbench.protocol;

/** A message a client sends to the server. */
public sealed interface ClientMessage extends Message
        permits Auth, Ping, ClientOpMessage, OpBatch {
}
