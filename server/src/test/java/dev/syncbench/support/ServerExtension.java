package dev.syncbench.support;

import dev.syncbench.ServerConfig;
import dev.syncbench.SyncServer;
import dev.syncbench.metrics.ServerMetrics;
import dev.syncbench.store.RecordStore;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real server shared by every test of a class: started before the first test (before the
 * class's own {@code @BeforeAll} methods, so they may use it) and closed after the last.
 * Register it as {@code @RegisterExtension static final ServerExtension server = new ServerExtension();}.
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<ServerConfig.Builder> customizer;
    private SyncServer server;

    /** A server configured as {@link TestServers#config()} configures it. */
    public ServerExtension() {
        this(UnaryOperator.identity());
    }

    /** A server whose {@link TestServers#config()} settings {@code customizer} changes, e.g. {@code b -> b.maxFrameBytes(1024)}. */
    public ServerExtension(UnaryOperator<ServerConfig.Builder> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = SyncServer.start(customizer.apply(TestServers.config()).build());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public SyncServer server() {
        if (server == null) {
            throw new IllegalStateException("the server runs only while the test class does");
        }
        return server;
    }

    public int port() {
        return server().port();
    }

    public RecordStore store() {
        return server().store();
    }

    public ServerMetrics metrics() {
        return server().metrics();
    }

    public ServerConfig config() {
        return server().config();
    }
}
