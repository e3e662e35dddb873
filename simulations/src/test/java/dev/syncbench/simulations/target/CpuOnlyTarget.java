package dev.syncbench.simulations.target;

import java.net.URI;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A target for the tests of CPU accounting: of a server it has only its kind and a CPU reading
 * ({@code serverCpu}, empty when the server shares this JVM). Nothing listens on its URL.
 */
public record CpuOnlyTarget(TargetKind kind, Supplier<OptionalLong> serverCpu) implements Target {
    @Override
    public URI webSocketUrl() {
        return URI.create("ws://127.0.0.1:1/ws");
    }

    @Override
    public String description() {
        return kind.label();
    }

    @Override
    public String store() {
        return "memory";
    }

    @Override
    public OptionalLong opsApplied() {
        return OptionalLong.empty();
    }

    @Override
    public boolean assertsNothingLost() {
        return false;
    }

    @Override
    public OptionalLong serverCpuNanos() {
        return serverCpu.get();
    }

    @Override
    public void close() {
    }
}
