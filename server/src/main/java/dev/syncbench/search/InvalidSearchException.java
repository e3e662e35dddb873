package dev.syncbench.search;

/** A search request that cannot run as asked; its message tells the client what to change. */
public final class InvalidSearchException extends Exception {
    public InvalidSearchException(String message) {
        super(message, null, false, false);
    }
}
