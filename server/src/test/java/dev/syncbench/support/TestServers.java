package dev.syncbench.support;

import dev.syncbench.ServerConfig;
import dev.syncbench.SyncServer;

/** Starts real servers on ephemeral loopback ports, configured as the jar configures them. */
public final class TestServers {
    private TestServers() {
    }

    public static ServerConfig.Builder config() {
        return ServerConfig.builder().host("127.0.0.1").port(0).jwtSecret(Tokens.SECRET);
    }

    public static SyncServer start() {
        return SyncServer.start(config().build());
    }
}
