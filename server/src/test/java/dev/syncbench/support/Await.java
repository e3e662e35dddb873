package dev.syncbench.support;

import java.util.function.BooleanSupplier;

/** Waiting for the server to notice something it learns asynchronously, such as a disconnect. */
public final class Await {
    private Await() {
    }

    /**
     * Polls {@code condition} until it holds or {@link TestClient#WAIT} has passed. It does not
     * fail by itself: the caller asserts afterwards, with a message that says what never happened.
     */
    public static void until(BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + TestClient.WAIT.toMillis();
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
