package dev.syncbench.simulations.target;

import dev.syncbench.ServerConfig;
import dev.syncbench.SyncServer;
import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.simulations.judging.RunIdentity;
import dev.syncbench.simulations.load.BadInputException;
import io.helidon.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * syncbench's own server, booted in this JVM the way its jar boots it (same configuration
 * defaults, but the store {@code -Dstorage} names, in memory unless asked), on 127.0.0.1 and an
 * ephemeral port. Being in-process, it reports
 * exactly how many ops it applied, so "nothing lost" is asserted.
 */
public final class EmbeddedTarget implements Target {
    private final SyncServer server;
    private final URI webSocketUrl;

    private EmbeddedTarget(SyncServer server) {
        this.server = server;
        this.webSocketUrl = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
    }

    public static EmbeddedTarget start(String jwtSecret) {
        ServerConfig config;
        StorageChoice storage = StorageChoice.fromSystemProperties();
        try {
            ServerConfig.Builder builder = ServerConfig.builder(Config.create())
                    .host("127.0.0.1")
                    .port(0)
                    .jwtSecret(jwtSecret)
                    .storageBackend(storage.backend())
                    .storageSync(storage.sync());
            if (storage.backend().equals("rocksdb")) {
                builder.dataDir(storage.freshDataDir(Path.of("target")).toString());
            } else if (storage.backend().equals("postgres")) {
                storage.emptyPostgres();
            }
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw new BadInputException("cannot configure the embedded server: " + e.getMessage());
        }
        return new EmbeddedTarget(SyncServer.start(config));
    }

    @Override
    public URI webSocketUrl() {
        return webSocketUrl;
    }

    @Override
    public String description() {
        return "embedded syncbench (" + webSocketUrl + ")";
    }

    @Override
    public TargetKind kind() {
        return TargetKind.EMBEDDED;
    }

    @Override
    public String store() {
        return RunIdentity.storeOf(TargetKind.EMBEDDED);
    }

    @Override
    public OptionalLong opsApplied() {
        return OptionalLong.of(server.metrics().opsApplied());
    }

    @Override
    public OptionalLong storedKeys(String mapName) {
        LongAdder live = new LongAdder();
        server.store().forEachLww(mapName, (key, record) -> {
            if (record.value() != null) {
                live.increment();
            }
        });
        return OptionalLong.of(live.sum());
    }

    @Override
    public Optional<byte[]> storedValue(String mapName, String key) {
        LwwRecord record = server.store().getLww(mapName, key);
        return Optional.of(record == null || record.value() == null ? new byte[0] : record.value().bytes());
    }

    @Override
    public boolean assertsNothingLost() {
        return true;
    }

    @Override
    public void close() {
        server.close();
    }
}
