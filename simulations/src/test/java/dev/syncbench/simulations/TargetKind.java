package dev.syncbench.simulations;

import java.util.Locale;

/**
 * What {@code -Dtarget} names: syncbench booted in this JVM, the do-nothing echo server that marks
 * the injector's ceiling, the packaged server jar as a child process, or any server at a URL.
 */
public enum TargetKind {
    EMBEDDED, ECHO, JAR, EXTERNAL;

    /** The name used in {@code -Dtarget}, reports and baseline.json references. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
