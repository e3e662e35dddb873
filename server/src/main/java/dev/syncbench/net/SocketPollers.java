package dev.syncbench.net;

/**
 * Which threads watch the sockets of blocked virtual threads. On Linux the JDK's default is a
 * poller that is itself a virtual thread, sharing the two carriers with the connections it wakes:
 * under a load that keeps every carrier busy it runs late, and a connection whose socket became
 * readable can wait seconds to be woken while others keep running (fire-and-forget window p99
 * 2.4 s against 0.9 s with a platform poller thread, and timed-out batches). A platform poller
 * thread sees readiness at once, so connections are served in the order their data arrived.
 */
public final class SocketPollers {
    /** The JDK's setting; read once, when the first virtual thread blocks on a socket. */
    static final String MODE_PROPERTY = "jdk.pollerMode";
    static final String PLATFORM_THREADS = "1";

    private SocketPollers() {
    }

    /** Chooses platform poller threads unless the user chose with {@code -Djdk.pollerMode}. */
    public static void preferPlatformThreads() {
        if (System.getProperty(MODE_PROPERTY) == null) {
            System.setProperty(MODE_PROPERTY, PLATFORM_THREADS);
        }
    }
}
