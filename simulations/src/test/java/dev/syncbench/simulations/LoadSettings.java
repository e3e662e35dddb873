package dev.syncbench.simulations;

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
 * @param target the WebSocket URL of an external server, or null to boot syncbench's own
 * @param jwtSecret HS256 secret for the tokens
 * @param baselineFile where the floors are read from
 * @param baselineProfile the named set of floors in baseline.json, or null for the top level
 * @param reportsDir where each run's report and summary are archived
 * @param projectDir the repository root (for provenance)
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
        Path projectDir) {

    /** The secret TopGun's harness and its CI use; also the default for the embedded server. */
    public static final String DEFAULT_SECRET = "test-e2e-secret";

    public static LoadSettings fromSystemProperties() {
        Path root = Path.of(System.getProperty("syncbench.root", "..")).toAbsolutePath().normalize();
        String targetText = blankToNull(System.getProperty("target"));
        return new LoadSettings(
                SystemProperties.intProperty("connections", 200, 1, 100_000),
                SystemProperties.intProperty("duration", 30, 1, 86_400),
                SystemProperties.intProperty("interval", 50, 0, 60_000),
                SystemProperties.intProperty("batchSize", 10, 1, 10_000),
                SystemProperties.intProperty("window", 50, 0, 1_000_000),
                targetText == null ? null : parseTarget(targetText),
                System.getProperty("jwt.secret", DEFAULT_SECRET),
                Path.of(System.getProperty("baseline.file", root.resolve("baseline.json").toString())),
                blankToNull(System.getProperty("baseline.profile")),
                Path.of(System.getProperty("reports.dir", root.resolve("reports").toString())),
                root);
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
            throw new BadInputException("-Dtarget=" + text + " is not a URL (expected ws://host:port/ws)");
        }
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new BadInputException("-Dtarget=" + text + " is not a WebSocket URL (expected ws://host:port/ws)");
        }
        return uri;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
