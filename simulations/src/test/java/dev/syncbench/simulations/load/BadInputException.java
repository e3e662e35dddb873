package dev.syncbench.simulations.load;

/**
 * A problem the user can fix (a parameter, the target, the token, baseline.json). It ends the run
 * with its message alone: no stack trace.
 */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message, null, false, false);
    }
}
