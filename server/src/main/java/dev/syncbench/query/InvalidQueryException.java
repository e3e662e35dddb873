package dev.syncbench.query;

/** A query the server cannot run; the message names the problem and becomes the text of an ERROR 400. */
public final class InvalidQueryException extends Exception {
    public InvalidQueryException(String message) {
        super(message);
    }
}
