package dev.syncbench.protocol;

/** One MessagePack message of the sync protocol, in either direction. */
public sealed interface Message permits ClientMessage, ServerMessage, Unrecognized {

    /** The wire discriminator, e.g. {@code "OP_BATCH"}. */
    String type();
}
