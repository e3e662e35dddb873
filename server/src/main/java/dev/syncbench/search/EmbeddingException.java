package dev.syncbench.search;

/** An embedding provider could not give vectors; the message says why, for the client and the log. */
public final class EmbeddingException extends Exception {
    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
