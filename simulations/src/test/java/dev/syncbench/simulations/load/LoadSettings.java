package dev.syncbench.simulations.load;

import dev.syncbench.simulations.target.TargetKind;
import dev.syncbench.simulations.target.TargetUrls;
import dev.syncbench.simulations.wire.BatchEncoder;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The run's parameters, read from system properties with the defaults of TopGun's load harness.
 *
 * @param connections virtual users, one WebSocket each, all started at once
 * @param durationSecs how long each connection keeps sending
 * @param intervalMs fire-and-wait pause between an ack and the next batch
 * @param batchSize PUTs per OP_BATCH
 * @param window fire-and-forget: every window-th batch awaits its ack (0 = never)
 * @param target the WebSocket URL of an external server (the first, when several are given), or null for the other kinds
 * @param jwtSecret HS256 secret for the tokens
 * @param baselineFile where the floors are read from
 * @param baselineProfile the named set of floors in baseline.json, or null for the top level
 * @param reportsDir where each run's report and summary are archived
 * @param projectDir the repository root (for provenance)
 * @param targetKind which server takes the load ({@code -Dtarget}: embedded, echo, jar or a URL)
 * @param ceiling {@code -Dceiling=true}: measure the echo ceiling first, in a nested Gatling run
 * @param jarJvmArgs JVM options of the server jar's process ({@code -Djar.jvmArgs})
 * @param serverCommand the command line of {@code -Dtarget=process} ({@code -Dserver.command}), else null
 * @param map the map the load writes into and reads back from ({@code -Dmap}, default
 *            {@value BatchEncoder#DEFAULT_MAP}): several injectors loading one server each name their own
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
        String serverCommand,
        String map) {

    /** The secret TopGun's harness and its CI use; also the default for the embedded server. */
    public static final String DEFAULT_SECRET = "test-e2e-secret";

    /**
     * The server jar's JVM options unless {@code -Djar.jvmArgs} says otherwise (see the README): enough
     * for the ~13 M records of a 30 s fire-and-forget run, measured cheaper per batch than 8 GB, where
     * G1 grows its young generation with the heap; fixed and touched at start, so the kernel's
     * zeroing of fresh heap pages falls before the load rather than inside its window.
     */
    public static final String DEFAULT_JAR_JVM_ARGS = "-Xms4g -Xmx4g -XX:+AlwaysPreTouch";

    /** The longest {@code -Dmap}: a map name is part of every op of the load. */
    public static final int MAX_MAP_LENGTH = 64;

    public LoadSettings {
        checkMapName(map);
    }

    /** The settings of a run writing into the default map. */
    public LoadSettings(int connections, int durationSecs, int intervalMs, int batchSize, int window, URI target,
                        String jwtSecret, Path baselineFile, String baselineProfile, Path reportsDir,
                        Path projectDir, TargetKind targetKind, boolean ceiling, String jarJvmArgs,
                        String serverCommand) {
        this(connections, durationSecs, intervalMs, batchSize, window, target, jwtSecret, baselineFile,
                baselineProfile, reportsDir, projectDir, targetKind, ceiling, jarJvmArgs, serverCommand,
                BatchEncoder.DEFAULT_MAP);
    }

    /** The settings of a run against the embedded server or a URL, without a ceiling run. */
    public LoadSettings(int connections, int durationSecs, int intervalMs, int batchSize, int window, URI target,
                        String jwtSecret, Path baselineFile, String baselineProfile, Path reportsDir,
                        Path projectDir) {
        this(connections, durationSecs, intervalMs, batchSize, window, target, jwtSecret, baselineFile,
                baselineProfile, reportsDir, projectDir, target == null ? TargetKind.EMBEDDED : TargetKind.EXTERNAL,
                false, DEFAULT_JAR_JVM_ARGS, null, BatchEncoder.DEFAULT_MAP);
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
                serverCommand,
                mapProperty());
    }

    /** {@code -Dmap}, or the default map when it is not given. */
    private static String mapProperty() {
        String text = System.getProperty("map");
        return text == null ? BatchEncoder.DEFAULT_MAP : text.trim();
    }

    /**
     * A map name the load can write: non-empty, printable ASCII without spaces, at most
     * {@value #MAX_MAP_LENGTH} characters, and not one of the server's reserved maps.
     */
    static void checkMapName(String map) {
        if (map == null || map.isEmpty()) {
            throw new BadInputException("-Dmap is empty: name the map this run writes into, e.g. -Dmap=injector-a "
                    + "(default " + BatchEncoder.DEFAULT_MAP + ")");
        }
        if (map.length() > MAX_MAP_LENGTH) {
            throw new BadInputException("-Dmap=" + map + " is " + map.length() + " characters long (at most "
                    + MAX_MAP_LENGTH + ")");
        }
        for (int i = 0; i < map.length(); i++) {
            char c = map.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new BadInputException("-Dmap=" + printable(map) + " has " + (c == ' ' ? "a space"
                        : String.format(Locale.ROOT, "the character U+%04X", (int) c)) + " at " + i
                        + ": a map name is printable ASCII without spaces (letters, digits, - _ . and the like)");
            }
        }
        if (map.startsWith("_topgun_") || map.startsWith("__topgun_")) {
            throw new BadInputException("-Dmap=" + map + " is a reserved map (_topgun_*, __topgun_*), which the "
                    + "server refuses to clients; name another, e.g. -Dmap=injector-a");
        }
    }

    /** {@code text} with every character outside printable ASCII written as its code point, for a message. */
    private static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            shown.append(c >= ' ' && c <= '~' ? String.valueOf(c) : String.format(Locale.ROOT, "\\u%04X", (int) c));
        }
        return shown.toString();
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

    /** The first server of {@code -Dtarget}'s URLs (several are comma-separated; see {@code TargetUrls}). */
    private static URI parseTarget(String text) {
        return TargetUrls.parse(text).getFirst();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
