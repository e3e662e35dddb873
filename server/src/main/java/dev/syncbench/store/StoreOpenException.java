package dev.syncbench.store;

/**
 * The store cannot start (data directory in use, unreadable or corrupt; database unreachable).
 * Its message is the one line the server prints before exiting; nothing on disk was changed.
 */
public final class StoreOpenException extends RuntimeException {

    public StoreOpenException(String message) {
        super(message);
    }

    public StoreOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
