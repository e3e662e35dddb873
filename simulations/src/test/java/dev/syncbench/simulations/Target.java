package dev.syncbench.simulations;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
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

    /** Records the store holds in {@code mapName}, read from the store itself, when the target can tell. */
    default OptionalLong storedKeys(String mapName) {
        return OptionalLong.empty();
    }

    /** The MessagePack bytes of the value stored under {@code key} (empty when there is none), when the target can tell. */
    default Optional<byte[]> storedValue(String mapName, String key) {
        return Optional.empty();
    }

    @Override
    void close();

    /**
     * The embedded server when {@code settings} name no target, else the external one; either way
     * checked with a first handshake, and closed again if that fails.
     */
    static Target startChecked(LoadSettings settings, Tokens tokens) {
        Target target = settings.target() == null
                ? EmbeddedTarget.start(settings.jwtSecret())
                : new ExternalTarget(settings.target());
        try {
            Preflight.check(target.webSocketUrl(), tokens.forConnection(0));
        } catch (BadInputException e) {
            target.close();
            throw e;
        }
        return target;
    }

    /**
     * The applied-op count once the server has caught up with {@code sentOps} (acks can overtake
     * a timed-out batch still being applied), or once it stops moving; -1 when it cannot tell.
     */
    default long settledOpsApplied(long sentOps) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            OptionalLong applied = opsApplied();
            if (applied.isEmpty()) {
                return -1;
            }
            long now = System.nanoTime();
            if (applied.getAsLong() != last) {
                last = applied.getAsLong();
                lastChange = now;
            }
            if (last >= sentOps || now - lastChange > Duration.ofSeconds(2).toNanos() || now - deadline > 0) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        }
    }
}
