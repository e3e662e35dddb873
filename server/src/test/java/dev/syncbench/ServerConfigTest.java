package dev.syncbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    private static Config config(Map<String, String> values) {
        return Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values)) // first source wins, as environment variables do
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }

    @Test
    void startingWithoutASecretOrTheDevFlagIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.parse(new String[0], config(Map.of())));
        assertTrue(e.getMessage().contains("JWT_SECRET is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("--no-auth"), e.getMessage());
    }

    @Test
    void theDevFlagRunsWithoutAuthentication() {
        ServerConfig config = Main.parse(new String[] {"--no-auth"}, config(Map.of()));
        assertTrue(config.authDisabled());
    }

    @Test
    void topgunsNoAuthVariableIsAnAliasOfTheDevFlag() {
        // TOPGUN_NO_AUTH reaches the config as topgun.no.auth; TopGun's scripts write true or 1
        assertTrue(Main.parse(new String[0], config(Map.of("topgun.no.auth", "true"))).authDisabled());
        assertTrue(Main.parse(new String[0], config(Map.of("topgun.no.auth", "1"))).authDisabled());
        ServerConfig off = Main.parse(new String[0], config(Map.of("topgun.no.auth", "false", "jwt.secret", "s")));
        assertFalse(off.authDisabled());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.parse(new String[0], config(Map.of("topgun.no.auth", "yes please"))));
        assertTrue(e.getMessage().contains("TOPGUN_NO_AUTH"), e.getMessage());
    }

    @Test
    void flagsOverrideConfigWhichOverridesDefaults() {
        ServerConfig config = Main.parse(new String[] {"--port", "9100", "--node-id", "n-7"},
                config(Map.of("port", "9000", "jwt.secret", "s", "limits.max-frame-bytes", "4096",
                        "limits.idle-timeout", "PT5S")));
        assertEquals(9100, config.port());
        assertEquals("n-7", config.nodeId());
        assertEquals(4096, config.maxFrameBytes());
        assertEquals(Duration.ofSeconds(5), config.idleTimeout());
        assertEquals("0.0.0.0", config.host());
    }

    @Test
    void theQueryWorkBudgetIsConfigurableAndChecked() {
        ServerConfig defaults = Main.parse(new String[0], config(Map.of("jwt.secret", "s")));
        assertEquals(Duration.ofMillis(100), defaults.queryWorkPerSecond());
        assertEquals(Duration.ofMillis(100), defaults.queryWorkBurst());
        ServerConfig raised = Main.parse(new String[0], config(Map.of("jwt.secret", "s",
                "limits.query-work-per-second", "PT0.25S", "limits.query-work-burst", "PT2S")));
        assertEquals(Duration.ofMillis(250), raised.queryWorkPerSecond());
        assertEquals(Duration.ofSeconds(2), raised.queryWorkBurst());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[0],
                config(Map.of("jwt.secret", "s", "limits.query-work-per-second", "PT2S"))));
        assertTrue(e.getMessage().contains("limits.query-work-per-second"), e.getMessage());
    }

    @Test
    void unknownStorageBackendsAreRefusedByName() {
        assertEquals("null", Main.parse(new String[0], config(Map.of("jwt.secret", "s", "storage.backend", "null"))).storageBackend());
        assertEquals("postgres", Main.parse(new String[0], config(Map.of("jwt.secret", "s", "storage.backend", "postgres"))).storageBackend());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.parse(new String[0], config(Map.of("jwt.secret", "s", "storage.backend", "cassandra"))));
        assertTrue(e.getMessage().contains("'cassandra'"), e.getMessage());
    }

    @Test
    void theJarStoresInRocksDbUnderDataWhileTheBuilderKeepsTestsInMemory() {
        ServerConfig jar = Main.parse(new String[0], config(Map.of("jwt.secret", "s")));
        assertEquals("rocksdb", jar.storageBackend());
        assertEquals("./data", jar.dataDir());
        assertEquals("os", jar.storageSync());
        assertEquals("memory", ServerConfig.builder().jwtSecret("s").build().storageBackend());
    }

    @Test
    void storageSettingsComeFromConfigAndAnUnknownSyncIsRefused() {
        ServerConfig config = Main.parse(new String[0], config(Map.of("jwt.secret", "s", "storage.sync", "fsync",
                "data.dir", "/var/lib/sb", "database.url", "postgres://u@h/db")));
        assertEquals("fsync", config.storageSync());
        assertEquals("/var/lib/sb", config.dataDir());
        assertEquals("postgres://u@h/db", config.databaseUrl());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.parse(new String[0], config(Map.of("jwt.secret", "s", "storage.sync", "sometimes"))));
        assertTrue(e.getMessage().contains("STORAGE_SYNC 'sometimes'"), e.getMessage());
    }

    @Test
    void aPortThatIsNotANumberIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.parse(new String[] {"--port", "eighty"}, config(Map.of("jwt.secret", "s"))));
        assertTrue(e.getMessage().contains("eighty"));
    }

    @Test
    void semanticSearchIsOffUnlessAnEmbeddingProviderIsConfigured() {
        ServerConfig defaults = Main.parse(new String[0], config(Map.of("jwt.secret", "s")));
        assertEquals("none", defaults.embedding().provider());
        assertEquals(null, defaults.embedding().create());
        ServerConfig deterministic = Main.parse(new String[0], config(Map.of("jwt.secret", "s",
                "search.embedding.provider", "deterministic", "search.embedding.dimension", "32")));
        assertEquals(32, deterministic.embedding().create().dimension());
        ServerConfig ollama = Main.parse(new String[0], config(Map.of("jwt.secret", "s",
                "search.embedding.provider", "ollama", "search.embedding.base-url", "http://gpu-box:11434")));
        assertEquals(768, ollama.embedding().create().dimension());
        assertTrue(ollama.embedding().create().describe().contains("http://gpu-box:11434/api/embed"));
    }

    @Test
    void aBadEmbeddingSettingStopsTheStartWithAMessageSayingWhatToSet() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[0],
                config(Map.of("jwt.secret", "s", "search.embedding.provider", "magic"))));
        assertTrue(unknown.getMessage().contains("'magic'"), unknown.getMessage());
        IllegalArgumentException openai = assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[0],
                config(Map.of("jwt.secret", "s", "search.embedding.provider", "openai"))));
        assertTrue(openai.getMessage().contains("SEARCH_EMBEDDING_MODEL"), openai.getMessage());
        IllegalArgumentException tooWide = assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[0],
                config(Map.of("jwt.secret", "s", "search.embedding.provider", "deterministic",
                        "search.embedding.dimension", "3072"))));
        assertTrue(tooWide.getMessage().contains("1..1024"), tooWide.getMessage());
    }

    @Test
    void seedNodesTurnClusterModeOnAndComeFromFlagsOrEnvironment() {
        ServerConfig single = Main.parse(new String[] {"--no-auth"}, config(Map.of()));
        assertFalse(single.clustered());
        assertEquals(1, single.clusterBackupCount());
        ServerConfig flags = Main.parse(new String[] {"--no-auth", "--host", "127.0.0.1", "--cluster-port", "5701",
                "--seed-nodes", " 127.0.0.1:5701, 127.0.0.1:5702,,"}, config(Map.of()));
        assertTrue(flags.clustered());
        assertEquals(5701, flags.clusterPort());
        assertEquals(java.util.List.of("127.0.0.1:5701", "127.0.0.1:5702"), flags.seedNodes());
        // SEED_NODES, CLUSTER_PORT and CLUSTER_BACKUP_COUNT reach the config as these keys
        ServerConfig env = Main.parse(new String[] {"--no-auth", "--host", "10.0.0.1"}, config(Map.of(
                "seed.nodes", "10.0.0.2:5701", "cluster.port", "5701", "cluster.backup-count", "2")));
        assertTrue(env.clustered());
        assertEquals(2, env.clusterBackupCount());
    }

    @Test
    void clusterModeWithoutAClusterPortAHostOrWellFormedSeedsIsAClearError() {
        Map<String[], String> cases = Map.of(
                new String[] {"--host", "127.0.0.1", "--seed-nodes", "127.0.0.1:5701"}, "needs --cluster-port",
                new String[] {"--cluster-port", "5701", "--seed-nodes", "127.0.0.1:5701"}, "needs --host",
                new String[] {"--host", "127.0.0.1", "--cluster-port", "5701", "--seed-nodes", "127.0.0.1"}, "host:clusterPort",
                new String[] {"--host", "127.0.0.1", "--cluster-port", "x", "--seed-nodes", "a:1"}, "--cluster-port must be a number");
        cases.forEach((args, message) -> {
            String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--no-auth"),
                    java.util.Arrays.stream(args)).toArray(String[]::new);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Main.parse(all, config(Map.of())));
            assertTrue(e.getMessage().contains(message), e.getMessage());
        });
    }
}
