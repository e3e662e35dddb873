package dev.syncbench.net;

import dev.syncbench.ServerConfig;
import dev.syncbench.metrics.ServerMetrics;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.service.RequestRouter;

/** What every connection shares; {@code authenticator} is null when auth is disabled. */
public record ServerContext(
        ServerConfig config,
        MessageCodec codec,
        ServerMetrics metrics,
        JwtAuthenticator authenticator,
        RequestRouter services,
        ConnectionRegistry connections) {
}
