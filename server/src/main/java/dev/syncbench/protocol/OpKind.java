package dev.syncbench.protocol;

/** What a client op does, classified once at decode time (PROTOCOL §3). */
public enum OpKind {
    PUT, REMOVE, OR_ADD, OR_REMOVE
}
