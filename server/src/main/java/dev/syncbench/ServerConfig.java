package dev.syncbench;

import dev.syncbench.net.JwtAuthenticator;
import dev.syncbench.search.EmbeddingSettings;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything the server can be told at start-up. Built from Helidon config (application.yaml,
 * overridden by environment variables such as PORT, JWT_SECRET, STORAGE_BACKEND) and the command
 * line, or directly with {@link #builder()} by tests and the embedded load-test target. The jar's
 * application.yaml stores in RocksDB; the builder's default is the in-memory store, so tests and
 * embedded runs write nothing to disk unless they ask to.
 */
public record ServerConfig(
        String host,
        int port,
        String nodeId,
        String jwtSecret,
        boolean authDisabled,
        String storageBackend,
        String storageSync,
        String dataDir,
        String databaseUrl,
        int maxFrameBytes,
        int maxValueBytes,
        Duration authTimeout,
        Duration idleTimeout,
        int opsPerSecond,
        int opsBurst,
        int outboundQueueFrames,
        long maxClockDriftMs,
        Duration tombstoneRetention,
        Duration queryWorkPerSecond,
        Duration queryWorkBurst,
        boolean journalEnabled,
        int journalCapacity,
        EmbeddingSettings embedding,
        Duration searchIndexIdleTimeout,
        Set<String> adminSubjects,
        boolean accessOpenWhenNoPolicies,
        String accessPoliciesFile,
        int clusterPort,
        List<String> seedNodes,
        int clusterBackupCount) {

    private static final Set<String> STORAGE_BACKENDS = Set.of("memory", "null", "rocksdb", "postgres");
    private static final Set<String> STORAGE_SYNCS = Set.of("os", "fsync");

    public ServerConfig {
        if (!authDisabled && (jwtSecret == null || jwtSecret.isBlank())) {
            throw new IllegalArgumentException(
                    "JWT_SECRET is not set: set it to the HS256 secret clients sign their tokens with,"
                            + " or start with --no-auth to run without authentication (development only)");
        }
        if (!authDisabled) {
            JwtAuthenticator.checkSecret(jwtSecret);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (!STORAGE_BACKENDS.contains(storageBackend)) {
            throw new IllegalArgumentException("STORAGE_BACKEND '" + storageBackend
                    + "' is not available: this build offers " + STORAGE_BACKENDS);
        }
        if (!STORAGE_SYNCS.contains(storageSync)) {
            throw new IllegalArgumentException("STORAGE_SYNC '" + storageSync + "' is not one of " + STORAGE_SYNCS);
        }
        if (dataDir == null || dataDir.isBlank()) {
            throw new IllegalArgumentException("DATA_DIR must not be empty");
        }
        if (nodeId == null || nodeId.isBlank() || nodeId.contains(":")) {
            throw new IllegalArgumentException("node id must be non-empty and contain no ':', got '" + nodeId + "'");
        }
        if (maxFrameBytes <= 0 || maxValueBytes <= 0 || opsPerSecond <= 0 || opsBurst <= 0 || outboundQueueFrames <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (queryWorkPerSecond.isNegative() || queryWorkPerSecond.isZero() || queryWorkBurst.isNegative()
                || queryWorkBurst.isZero() || queryWorkPerSecond.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("limits.query-work-per-second must lie in (0, 1 s] and"
                    + " limits.query-work-burst must be positive, got " + queryWorkPerSecond + " and " + queryWorkBurst);
        }
        if (searchIndexIdleTimeout.isNegative() || searchIndexIdleTimeout.isZero()) {
            throw new IllegalArgumentException("search.index-idle-timeout must be positive, got " + searchIndexIdleTimeout);
        }
        adminSubjects = adminSubjects == null ? Set.of() : Set.copyOf(adminSubjects);
        seedNodes = seedNodes == null ? List.of() : List.copyOf(seedNodes);
        checkCluster(host, clusterPort, seedNodes, clusterBackupCount);
        if (journalCapacity <= 0) {
            throw new IllegalArgumentException("JOURNAL_CAPACITY must be positive, got " + journalCapacity
                    + "; set JOURNAL_ENABLED=false to turn the journal off");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Cluster mode (TopGun's rule): any seed node given. Nothing of the cluster loads otherwise. */
    public boolean clustered() {
        return !seedNodes.isEmpty();
    }

    private static void checkCluster(String host, int clusterPort, List<String> seeds, int backups) {
        if (clusterPort < 0 || clusterPort > 65535) {
            throw new IllegalArgumentException("--cluster-port must be between 0 and 65535, got " + clusterPort);
        }
        if (backups < 0 || backups > 6) {
            throw new IllegalArgumentException("cluster.backup-count must be between 0 and 6, got " + backups);
        }
        if (seeds.isEmpty()) {
            return;
        }
        if (clusterPort == 0) {
            throw new IllegalArgumentException("--seed-nodes needs --cluster-port: the port peers reach this member on");
        }
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            throw new IllegalArgumentException("--seed-nodes needs --host: the address peers and clients are told"
                    + " to use (not " + host + ")");
        }
        for (String seed : seeds) {
            int colon = seed.lastIndexOf(':');
            int port = -1;
            try {
                port = colon <= 0 ? -1 : Integer.parseInt(seed.substring(colon + 1));
            } catch (NumberFormatException e) {
                // reported below
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--seed-nodes takes host:clusterPort entries separated by commas,"
                        + " got '" + seed + "'");
            }
        }
    }

    /** TOPGUN_NO_AUTH as TopGun reads it: {@code true} or {@code 1} turns auth off, {@code false}, {@code 0} or empty leave it. */
    private static boolean topgunSwitchOn(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0", "" -> false;
            default -> throw new IllegalArgumentException("TOPGUN_NO_AUTH must be true, 1, false or 0, got '" + value + "'");
        };
    }

    /** Reads the {@code syncbench} settings; every key has a default except the JWT secret. */
    public static Builder builder(Config config) {
        Builder b = new Builder();
        config.get("host").asString().ifPresent(b::host);
        config.get("port").asInt().ifPresent(b::port);
        config.get("node-id").asString().ifPresent(b::nodeId);
        config.get("jwt.secret").asString().ifPresent(b::jwtSecret);
        config.get("auth.disabled").asBoolean().ifPresent(b::authDisabled);
        // TopGun's name for the same switch, so its scripts and cluster set-ups start this server unchanged.
        config.get("topgun.no.auth").asString().filter(ServerConfig::topgunSwitchOn).ifPresent(v -> b.authDisabled(true));
        config.get("storage.backend").asString().ifPresent(b::storageBackend);
        config.get("storage.sync").asString().ifPresent(b::storageSync);
        config.get("data.dir").asString().ifPresent(b::dataDir);
        config.get("database.url").asString().ifPresent(b::databaseUrl);
        Config limits = config.get("limits");
        limits.get("max-frame-bytes").asInt().ifPresent(v -> b.maxFrameBytes = v);
        limits.get("max-value-bytes").asInt().ifPresent(v -> b.maxValueBytes = v);
        limits.get("ops-per-second").asInt().ifPresent(v -> b.opsPerSecond = v);
        limits.get("ops-burst").asInt().ifPresent(v -> b.opsBurst = v);
        limits.get("outbound-queue-frames").asInt().ifPresent(v -> b.outboundQueueFrames = v);
        limits.get("max-clock-drift-ms").asLong().ifPresent(v -> b.maxClockDriftMs = v);
        limits.get("auth-timeout").as(Duration.class).ifPresent(b::authTimeout);
        limits.get("idle-timeout").as(Duration.class).ifPresent(b::idleTimeout);
        config.get("storage.tombstone-retention").as(Duration.class).ifPresent(v -> b.tombstoneRetention = v);
        limits.get("query-work-per-second").as(Duration.class).ifPresent(v -> b.queryWorkPerSecond = v);
        limits.get("query-work-burst").as(Duration.class).ifPresent(v -> b.queryWorkBurst = v);
        config.get("journal.enabled").asBoolean().ifPresent(b::journalEnabled);
        config.get("journal.capacity").asInt().ifPresent(b::journalCapacity);
        config.get("search.index-idle-timeout").as(Duration.class).ifPresent(v -> b.searchIndexIdleTimeout = v);
        // TOPGUN_ADMIN_SUBJECTS, as TopGun names it: comma-separated token subjects allowed everything.
        config.get("topgun.admin.subjects").asString().ifPresent(b::adminSubjects);
        config.get("access.admin-subjects").asString().ifPresent(b::adminSubjects);
        config.get("access.open-when-no-policies").asBoolean().ifPresent(b::accessOpenWhenNoPolicies);
        config.get("access.policies-file").asString().ifPresent(b::accessPoliciesFile);
        config.get("cluster.port").asInt().ifPresent(b::clusterPort);
        config.get("seed.nodes").asString().ifPresent(b::seedNodes);
        config.get("cluster.backup-count").asInt().ifPresent(b::clusterBackupCount);
        Config embedding = config.get("search.embedding");
        embedding.get("provider").asString().ifPresent(v -> b.embeddingProvider = v);
        embedding.get("dimension").asInt().ifPresent(v -> b.embeddingDimension = v);
        embedding.get("model").asString().ifPresent(v -> b.embeddingModel = v);
        embedding.get("base-url").asString().ifPresent(v -> b.embeddingBaseUrl = v);
        embedding.get("api-key").asString().ifPresent(v -> b.embeddingApiKey = v);
        return b;
    }

    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private String nodeId = "syncbench-node";
        private String jwtSecret;
        private boolean authDisabled;
        private String storageBackend = "memory";
        private String storageSync = "os";
        private String dataDir = "./data";
        private String databaseUrl;
        private int maxFrameBytes = 2 * 1024 * 1024;
        private int maxValueBytes = 1024 * 1024;
        private Duration authTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int opsPerSecond = 20_000;
        private int opsBurst = 40_000;
        private int outboundQueueFrames = 4096;
        private long maxClockDriftMs = 60_000;
        private Duration tombstoneRetention = Duration.ofDays(7);
        private Duration queryWorkPerSecond = Duration.ofMillis(100);
        private Duration queryWorkBurst = Duration.ofMillis(100);
        private boolean journalEnabled = true;
        private int journalCapacity = 10_000;
        private String embeddingProvider = "none";
        private int embeddingDimension;
        private String embeddingModel;
        private String embeddingBaseUrl;
        private String embeddingApiKey;
        private Duration searchIndexIdleTimeout = Duration.ofMinutes(10);
        private Set<String> adminSubjects = Set.of();
        private boolean accessOpenWhenNoPolicies;
        private String accessPoliciesFile;
        private int clusterPort;
        private List<String> seedNodes = List.of();
        private int clusterBackupCount = 1;

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder nodeId(String nodeId) { this.nodeId = nodeId; return this; }
        public Builder jwtSecret(String jwtSecret) { this.jwtSecret = jwtSecret; return this; }
        public Builder authDisabled(boolean authDisabled) { this.authDisabled = authDisabled; return this; }
        public Builder storageBackend(String storageBackend) { this.storageBackend = storageBackend; return this; }
        public Builder storageSync(String storageSync) { this.storageSync = storageSync; return this; }
        public Builder dataDir(String dataDir) { this.dataDir = dataDir; return this; }
        public Builder databaseUrl(String databaseUrl) { this.databaseUrl = databaseUrl; return this; }
        public Builder maxFrameBytes(int maxFrameBytes) { this.maxFrameBytes = maxFrameBytes; return this; }
        public Builder maxValueBytes(int maxValueBytes) { this.maxValueBytes = maxValueBytes; return this; }
        public Builder authTimeout(Duration authTimeout) { this.authTimeout = authTimeout; return this; }
        public Builder idleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; return this; }
        public Builder opsPerSecond(int opsPerSecond) { this.opsPerSecond = opsPerSecond; return this; }
        public Builder opsBurst(int opsBurst) { this.opsBurst = opsBurst; return this; }
        public Builder outboundQueueFrames(int frames) { this.outboundQueueFrames = frames; return this; }
        public Builder maxClockDriftMs(long maxClockDriftMs) { this.maxClockDriftMs = maxClockDriftMs; return this; }
        public Builder tombstoneRetention(Duration retention) { this.tombstoneRetention = retention; return this; }
        public Builder queryWorkPerSecond(Duration work) { this.queryWorkPerSecond = work; return this; }
        public Builder queryWorkBurst(Duration work) { this.queryWorkBurst = work; return this; }
        public Builder journalEnabled(boolean enabled) { this.journalEnabled = enabled; return this; }
        public Builder journalCapacity(int capacity) { this.journalCapacity = capacity; return this; }
        public Builder searchIndexIdleTimeout(Duration idle) { this.searchIndexIdleTimeout = idle; return this; }
        public Builder adminSubjects(Set<String> subjects) { this.adminSubjects = subjects; return this; }
        /** A comma-separated list of subjects, trimmed, empty entries dropped. */
        public Builder adminSubjects(String commaSeparated) {
            this.adminSubjects = java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).collect(java.util.stream.Collectors.toSet());
            return this;
        }
        /** With no policy left, allow everything again as before the first one (off: deny). */
        public Builder accessOpenWhenNoPolicies(boolean open) { this.accessOpenWhenNoPolicies = open; return this; }
        /** A JSON file of policies created (or replaced, by id) at start-up; null or empty for none. */
        public Builder accessPoliciesFile(String file) { this.accessPoliciesFile = file; return this; }
        public Builder clusterPort(int port) { this.clusterPort = port; return this; }
        /** Comma-separated host:clusterPort entries, trimmed, empty entries dropped; none means single-node. */
        public Builder seedNodes(String commaSeparated) {
            this.seedNodes = java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList();
            return this;
        }
        /** Synchronous backups of each partition in cluster mode (1, as TopGun's backupCount). */
        public Builder clusterBackupCount(int count) { this.clusterBackupCount = count; return this; }
        /** The embedding provider for semantic search (see {@link EmbeddingSettings}). */
        public Builder embedding(String provider, int dimension, String model, String baseUrl, String apiKey) {
            this.embeddingProvider = provider;
            this.embeddingDimension = dimension;
            this.embeddingModel = model;
            this.embeddingBaseUrl = baseUrl;
            this.embeddingApiKey = apiKey;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, nodeId, jwtSecret, authDisabled, storageBackend, storageSync, dataDir,
                    databaseUrl, maxFrameBytes,
                    maxValueBytes, authTimeout, idleTimeout, opsPerSecond, opsBurst, outboundQueueFrames,
                    maxClockDriftMs, tombstoneRetention, queryWorkPerSecond, queryWorkBurst, journalEnabled,
                    journalCapacity, new EmbeddingSettings(embeddingProvider, embeddingDimension, embeddingModel,
                            embeddingBaseUrl, embeddingApiKey), searchIndexIdleTimeout, adminSubjects,
                    accessOpenWhenNoPolicies, accessPoliciesFile == null || accessPoliciesFile.isBlank() ? null
                    : accessPoliciesFile, clusterPort, seedNodes, clusterBackupCount);
        }
    }
}
