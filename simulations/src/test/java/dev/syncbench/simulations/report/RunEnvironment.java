package dev.syncbench.simulations.report;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of this machine and JVM when the run started, before any target or load: what a
 * figure needs beside it to mean something (heap, GC, JVM flags, load average, exact versions).
 * Captured once per JVM, the first time it is asked for.
 */
public final class RunEnvironment {
    private static volatile Map<String, Object> atStart;
    private static volatile long clockOffsetMillis = Long.MIN_VALUE;
    private static volatile Map<String, Object> serverProcess = Map.of();

    private RunEnvironment() {
    }

    /** The figures as of the first call in this JVM. */
    public static synchronized Map<String, Object> atStart() {
        if (atStart == null) {
            atStart = capture();
        }
        return atStart;
    }

    /** The target's clock minus this machine's, as the preflight measured it. */
    public static void clockOffset(long millis) {
        clockOffsetMillis = millis;
    }

    /** How the run started its server process (the jar's command, pid and log). */
    public static void serverProcess(Map<String, Object> described) {
        serverProcess = Map.copyOf(described);
    }

    /** {@link #atStart()} plus the clock offset measured since and the server process, if any. */
    public static Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>(atStart());
        described.put("target_clock_offset_ms", clockOffsetMillis == Long.MIN_VALUE ? null : clockOffsetMillis);
        if (!serverProcess.isEmpty()) {
            described.put("server_process", new java.util.TreeMap<>(serverProcess));
        }
        return described;
    }

    private static Map<String, Object> capture() {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("load_average_before", loadAverage());
        environment.put("cpu_cores", Runtime.getRuntime().availableProcessors());
        environment.put("heap_max_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        environment.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
        environment.put("jvm_flags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        environment.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        environment.put("gatling", gatlingVersion());
        environment.put("syncbench", System.getProperty("syncbench.version", "unknown"));
        return environment;
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, else the JVM's 1-minute figure. */
    private static List<Double> loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return List.of(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                    Double.parseDouble(fields[2]));
        } catch (IOException | RuntimeException notLinux) {
            double oneMinute = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return oneMinute < 0 ? List.of() : List.of(oneMinute);
        }
    }

    /** The version in gatling-core's manifest, as resolved by the build (e.g. 3.15.1). */
    private static String gatlingVersion() {
        try {
            String version = Class.forName("io.gatling.javaapi.core.Simulation").getPackage().getImplementationVersion();
            if (version == null) {
                version = Class.forName("io.gatling.core.Predef").getPackage().getImplementationVersion();
            }
            return version == null ? "unknown" : version;
        } catch (ClassNotFoundException e) {
            return "unknown";
        }
    }
}
