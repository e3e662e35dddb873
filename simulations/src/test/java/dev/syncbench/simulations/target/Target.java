package dev.syncbench.simulations.target;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.report.RunEnvironment;
import dev.syncbench.simulations.wire.Tokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The server under load: syncbench's own booted in-process, the echo that marks the injector's
 * ceiling, the packaged jar as a child process, or any external one.
 */
public interface Target extends AutoCloseable {

    /** The WebSocket URL, e.g. {@code ws://127.0.0.1:8080/ws}. */
    URI webSocketUrl();

    /** Every server the connections are spread over ({@link ConnectionSpread}); one unless the target has several. */
    default List<URI> webSocketUrls() {
        return List.of(webSocketUrl());
    }

    /**
     * Whether any one of {@link #webSocketUrls} holds every record written through all of them (one
     * server, or cluster members with full replicas), so reading one back checks the whole run.
     */
    default boolean eachServerHoldsEverything() {
        return true;
    }

    /** How the target is named in reports: "embedded syncbench", "server jar", or the URL. */
    String description();

    /** Which kind of target this is; a reference run is comparable only with the same kind. */
    TargetKind kind();

    /** Where it keeps records ("memory", "none", or "unknown" for an external server). */
    String store();

    /** Ops the server merged since this target was opened for the run, when it can tell. */
    OptionalLong opsApplied();

    /** Whether "nothing lost" is asserted (fails the run) rather than only printed. */
    boolean assertsNothingLost();

    /**
     * CPU time the server process has used so far, in ns, when it runs as a process of its own that
     * this JVM can see; empty when it shares this JVM (embedded, echo) or runs out of sight.
     */
    default OptionalLong serverCpuNanos() {
        return OptionalLong.empty();
    }

    /** The server's process id, when it runs as a child process of this run (its resources are then readable). */
    default OptionalLong serverPid() {
        return OptionalLong.empty();
    }

    /** How the server process was started (command, pid, log), for the provenance; empty when not ours. */
    default Map<String, Object> serverProcess() {
        return Map.of();
    }

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
     * The target {@code settings} name, started (embedded, echo, jar) or opened (URL); either way
     * checked with a first handshake and a clock comparison, and closed again if that fails. With
     * {@code -Dceiling=true} the echo ceiling is measured first (see {@link Ceiling}).
     */
    static Target startChecked(LoadSettings settings, Tokens tokens) {
        RunEnvironment.atStart();
        Ceiling.measureFirstIfAsked(settings);
        return start(settings, tokens);
    }

    private static Target start(LoadSettings settings, Tokens tokens) {
        Target target = switch (settings.targetKind()) {
            case EMBEDDED -> EmbeddedTarget.start(settings.jwtSecret());
            case ECHO -> EchoTarget.start();
            case JAR -> JarTarget.start(settings);
            case PROCESS -> JarTarget.startCommand(settings);
            case CLUSTER -> ClusterTarget.start(settings, ClusterSettings.fromSystemProperties(settings));
            case EXTERNAL -> {
                List<URI> urls = ClusterSettings.fromSystemProperties(settings).urls();
                yield urls.size() > 1 ? ExternalServers.open(urls, tokens.forConnection(0))
                        : ExternalTarget.open(settings.target());
            }
        };
        try {
            RunEnvironment.serverProcess(target.serverProcess());
            RunEnvironment.clockOffset(Preflight.check(target.webSocketUrl(), tokens.forConnection(0)));
            for (URI other : target.webSocketUrls().subList(1, target.webSocketUrls().size())) {
                Preflight.check(other, tokens.forConnection(0));
            }
        } catch (BadInputException e) {
            target.close();
            throw e;
        }
        return target;
    }

    /**
     * {@link #startChecked} for a population that needs live queries, which the echo does not serve:
     * against it the simulation is skipped with one line (exit status 0), so that
     * {@code mvn gatling:test -Dtarget=echo} runs the others.
     */
    static Target startCheckedForLiveQueries(LoadSettings settings, Tokens tokens, String population) {
        if (settings.targetKind() == TargetKind.ECHO) {
            System.out.println("syncbench: " + population + " skipped: the echo target answers only AUTH, PING and "
                    + "OP_BATCH, not live queries");
            System.out.flush();
            System.exit(0);
        }
        if (settings.ceiling()) {
            System.out.println("syncbench: no echo ceiling for " + population
                    + " (the echo target serves no live queries)");
        }
        RunEnvironment.atStart();
        return start(settings, tokens);
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
