package dev.syncbench.simulations.target;

import java.util.Locale;

/**
 * What {@code -Dtarget} names: syncbench booted in this JVM, the do-nothing echo server that marks
 * the injector's ceiling, the packaged server jar as a child process, any server command as a child
 * process ({@code -Dtarget=process -Dserver.command=...}, e.g. TopGun's binary), members of a local
 * cluster started from the jar ({@code -Dtarget=cluster}), or any server at a URL (or several, comma-separated).
 */
public enum TargetKind {
    EMBEDDED, ECHO, JAR, PROCESS, CLUSTER, EXTERNAL;

    /** Whether the server runs as a child process of this run, so its CPU time can be read. */
    public boolean isChildProcess() {
        return this == JAR || this == PROCESS || this == CLUSTER;
    }

    /** The name used in {@code -Dtarget}, reports and baseline.json references. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
