package dev.syncbench.simulations.wire;

import java.util.concurrent.atomic.LongAdder;

/** How many connections have finished their handshake, and how many of them authenticated. */
public final class HandshakeCount {
    private final LongAdder finished = new LongAdder();
    private final LongAdder authenticated = new LongAdder();

    void finished(boolean wasAuthenticated) {
        finished.increment();
        if (wasAuthenticated) {
            authenticated.increment();
        }
    }

    long finished() {
        return finished.sum();
    }

    public long authenticated() {
        return authenticated.sum();
    }
}
