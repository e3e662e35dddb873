package dev.syncbench.simulations;

import java.net.URI;
import java.util.OptionalLong;

/** The server under load: syncbench's own, booted in-process, or any external one. */
public interface Target extends AutoCloseable {

    /** The WebSocket URL, e.g. {@code ws://127.0.0.1:8080/ws}. */
    URI webSocketUrl();

    /** How the target is named in reports: "embedded syncbench" or the URL. */
    String description();

    /** Ops the server merged since it started, when it can tell. */
    OptionalLong opsApplied();

    /** Whether "nothing lost" is asserted (fails the run) rather than only printed. */
    boolean assertsNothingLost();

    @Override
    void close();
}
