package dev.syncbench.simulations.target;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads what a server process holds now: from {@code /proc/<pid>} (Linux) its resident memory,
 * open file descriptors and OS threads, which only the OS can tell, and from its {@code /metrics}
 * what only the JVM can: heap after the latest collection, platform threads, open connections.
 */
public final class ServerResources {
    static final String HEAP_AFTER_GC = "syncbench_jvm_heap_after_gc_bytes";
    static final String THREADS = "syncbench_jvm_threads";
    static final String CONNECTIONS = "syncbench_connections_active";
    private static final double MIB = 1 << 20;

    private final long pid;
    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServerResources(long pid, URI metrics) {
        this.pid = pid;
        this.metrics = metrics;
    }

    /** The process {@code pid}, whose {@code /metrics} is on the host and port of {@code webSocketUrl}. */
    public static ServerResources of(long pid, URI webSocketUrl) {
        String scheme = "wss".equals(webSocketUrl.getScheme()) ? "https" : "http";
        return new ServerResources(pid, URI.create(scheme + "://" + webSocketUrl.getRawAuthority() + "/metrics"));
    }

    /** A sample now; {@code atSecs} and {@code writeP99Us} are the caller's. */
    public ResourceSample sample(double atSecs, long writeP99Us) {
        String status = procStatus();
        String text = metricsText();
        long heap = gauge(text, HEAP_AFTER_GC);
        return new ResourceSample(atSecs, heap < 0 ? -1 : heap / MIB, kib(status, "VmRSS:") / 1024.0,
                openFds(), gauge(text, THREADS), kib(status, "Threads:"), gauge(text, CONNECTIONS), writeP99Us);
    }

    /**
     * Asks the server's JVM for a full collection ({@code jcmd <pid> GC.run}, the JDK's own tool beside
     * this JVM), so that the heap after it is the live data alone: a young collection leaves old
     * garbage behind, which rises for minutes between mixed collections and would read as a leak.
     * (A JMX connection would spare the jcmd process, but its RMI threads would show in the very
     * thread count the soak watches.) Returns false when it could not: no jcmd, another user's
     * process, or no answer within 30 s.
     */
    public boolean fullGc() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Open file descriptors of the process; -1 when {@code /proc} cannot tell. */
    public long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The OS threads of the process; -1 when {@code /proc} cannot tell. */
    public long osThreads() {
        return kib(procStatus(), "Threads:");
    }

    private String procStatus() {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The number after {@code field} in {@code /proc/<pid>/status} (kB for sizes); -1 when absent. */
    static long kib(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                String[] words = line.substring(field.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(words[0]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private String metricsText() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static long gauge(String text, String name) {
        OptionalLong value = ExternalTarget.parseCounter(text, name);
        return value.orElse(-1);
    }
}
