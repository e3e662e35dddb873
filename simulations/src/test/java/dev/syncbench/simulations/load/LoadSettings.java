package dev.syncbench.simulations.load;

import dev.syncbench.simulations.target.TargetKind;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run's parameters, read from system properties with the defaults of TopGun's load harness.
 *
 * @param connections virtual users, one WebSocket each, all started at once
 * @param durationSecs how long each connection keeps sending
 * @param intervalMs fire-and-wait pause between an ack and the next batch
 * @param batchSize PUTs per OP_BATCH
 * @param window fire-and-forget: every window-th batch awaits its ack (0 = never)
 * @param target the WebSocket URL of an external server, or null for the other kinds
 * @param jwtSecret HS256 secret for the tokens
 * @param baselineFile where the floors are read from
 * @param baselineProfile the named set of floors in baseline.json, or null for the top level
 * @param reportsDir where each run's report and summary are archived
 * @param projectDir the repository root (for provenance)
 * @param targetKind which server takes the load ({@code -Dtarget}: embedded, echo, jar or a URL)
 * @param ceiling {@code -Dceiling=true}: measure the echo ceiling first, in a nested Gatling run
 * @param jarJvmArgs JVM options of the server jar's process ({@code -Djar.jvmArgs})
 * @param serverCommand the command line of {@code -Dtarget=process} ({@code -Dserver.command}), else null
 */
public record LoadSettings(
        int connections,
        int durationSecs,
        int intervalMs,
        int batchSize,
        int window,
        URI target,
        String jwtSecret,
        Path baselineFile,
        String baselineProfile,
        Path reportsDir,
        Path projectDir,
        TargetKind targetKind,
        boolean ceiling,
        String jarJvmArgs,
        String serverCommand) {

    /** The secret TopGun's harness and its CI use; also the default for the embedded server. */
    public static final String DEFAULT_SECRET = "test-e2e-secret";

    /**
     * The server jar's JVM options unless {@code -Djar.jvmArgs} says otherwise (see the README): enough
     * for the ~13 M records of a 30 s fire-and-forget run, and measured cheaper per batch than 8 GB,
     * where G1 grows its young generation with the heap.
     */
    public static final String DEFAULT_JAR_JVM_ARGS = "-Xmx4g";

    /** The settings of a run against the embedded server or a URL, without a ceiling run. */
    public LoadSettings(int connections, int durationSecs, int intervalMs, int batchSize, int window, URI target,
                        String jwtSecret, Path baselineFile, String baselineProfile, Path reportsDir,
                        Path projectDir) {
        this(connections, durationSecs, intervalMs, batchSize, window, target, jwtSecret, baselineFile,
                baselineProfile, reportsDir, projectDir, target == null ? TargetKind.EMBEDDED : TargetKind.EXTERNAL,
                false, DEFAULT_JAR_JVM_ARGS, null);
    }

    public static LoadSettings fromSystemProperties() {
        Path root = Path.of(System.getProperty("syncbench.root", "..")).toAbsolutePath().normalize();
        String targetText = blankToNull(System.getProperty("target"));
        TargetKind kind = targetKind(targetText);
        String jarJvmArgs = blankToNull(System.getProperty("jar.jvmArgs"));
        String serverCommand = blankToNull(System.getProperty("server.command"));
        if (kind == TargetKind.PROCESS && serverCommand == null) {
            throw new BadInputException("-Dtarget=process needs -Dserver.command=\"<the server's command line>\"");
        }
        return new LoadSettings(
                SystemProperties.intProperty("connections", 200, 1, 100_000),
                SystemProperties.intProperty("duration", 30, 1, 86_400),
                SystemProperties.intProperty("interval", 50, 0, 60_000),
                SystemProperties.intProperty("batchSize", 10, 1, 10_000),
                SystemProperties.intProperty("window", 50, 0, 1_000_000),
                kind == TargetKind.EXTERNAL ? parseTarget(targetText) : null,
                System.getProperty("jwt.secret", DEFAULT_SECRET),
                Path.of(System.getProperty("baseline.file", root.resolve("baseline.json").toString())),
                blankToNull(System.getProperty("baseline.profile")),
                Path.of(System.getProperty("reports.dir", root.resolve("reports").toString())),
                root,
                kind,
                booleanProperty("ceiling"),
                jarJvmArgs == null ? DEFAULT_JAR_JVM_ARGS : jarJvmArgs,
                serverCommand);
    }

    /** Where this run's build output lives ({@code simulations/target}): the ceiling file, the jar's log. */
    public Path buildDir() {
        return projectDir.resolve("simulations").resolve("target");
    }

    private static TargetKind targetKind(String text) {
        if (text == null) {
            return TargetKind.EMBEDDED;
        }
        for (TargetKind kind : TargetKind.values()) {
            if (kind != TargetKind.EXTERNAL && kind.label().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        return TargetKind.EXTERNAL;
    }

    private static boolean booleanProperty(String name) {
        String text = blankToNull(System.getProperty(name));
        if (text == null || text.equalsIgnoreCase("false")) {
            return false;
        }
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        throw new BadInputException("-D" + name + "=" + text + " is neither true nor false");
    }

    /** The parameters as they go into the JSON summary. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("connections", connections);
        map.put("duration_secs", durationSecs);
        map.put("interval_ms", intervalMs);
        map.put("batch_size", batchSize);
        map.put("window", window);
        map.put("baseline_profile", baselineProfile == null ? "default" : baselineProfile);
        return map;
    }

    private static URI parseTarget(String text) {
        URI uri;
        try {
            uri = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("-Dtarget=" + text + " is not a URL (expected embedded, echo, jar, process or "
                    + "ws://host:port/ws)");
        }
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new BadInputException("-Dtarget=" + text
                    + " is not a WebSocket URL (expected embedded, echo, jar, process or ws://host:port/ws)");
        }
        return uri;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
