package dev.syncbench.simulations;

/** Ends the forked Gatling JVM with one line: bad input deserves no stack trace. */
final class JvmExit {
    private JvmExit() {
    }

    /** Prints {@code syncbench: message} and exits with status 1; the return value is only for {@code throw}. */
    static RuntimeException withMessage(String message) {
        System.err.println("syncbench: " + message);
        System.err.flush();
        System.exit(1);
        return new IllegalStateException(message);
    }
}
