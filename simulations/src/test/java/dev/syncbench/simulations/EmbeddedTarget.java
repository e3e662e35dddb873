package dev.syncbench.simulations;

import java.net.URI;
import java.util.OptionalLong;

/** syncbench's own server, booted in this JVM with an in-memory store on an ephemeral port. */
public final class EmbeddedTarget implements Target {
    private EmbeddedTarget() {
    }

    public static EmbeddedTarget start(String jwtSecret) {
        throw new BadInputException("the embedded server is not available in this build: pass -Dtarget=ws://host:port/ws");
    }

    @Override
    public URI webSocketUrl() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String description() {
        return "embedded syncbench";
    }

    @Override
    public OptionalLong opsApplied() {
        return OptionalLong.empty();
    }

    @Override
    public boolean assertsNothingLost() {
        return true;
    }

    @Override
    public void close() {
    }
}
