package dev.syncbench.store;

/**
 * The durable log cannot take writes (disk full, database unreachable, shutting down). The
 * request it interrupts gets ERROR 503 and no OP_ACK; see {@link RecordStore#persist}.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }
}
