package dev.syncbench.store;

/** A durable log failed to write a group of changes; nothing of the group may be assumed written. */
public final class StoreWriteException extends Exception {

    public StoreWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
