package dev.syncbench.simulations.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.Routing;
import dev.syncbench.simulations.wire.KeyPlan;
import dev.syncbench.simulations.wire.Tokens;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionSpreadTest {
    private static final String TOKEN = new Tokens(LoadSettings.DEFAULT_SECRET).forConnection(0);

    @Test
    void connectionsGoRoundRobinFromTheFirstServerWithSequentialKeys() {
        try (EmbeddedTarget a = EmbeddedTarget.start(LoadSettings.DEFAULT_SECRET);
             EmbeddedTarget b = EmbeddedTarget.start(LoadSettings.DEFAULT_SECRET)) {
            List<URI> urls = List.of(a.webSocketUrl(), b.webSocketUrl());
            ConnectionSpread spread = ConnectionSpread.of(ExternalServers.open(urls, TOKEN), Routing.ROUND_ROBIN, TOKEN);

            assertEquals(List.of(urls.get(0), urls.get(1), urls.get(0), urls.get(1)),
                    List.of(spread.urlOf(1), spread.urlOf(2), spread.urlOf(3), spread.urlOf(4)));
            assertSame(KeyPlan.SEQUENTIAL, spread.keys());
            assertEquals("2 servers " + urls + ", connections round robin", spread.describe());
            assertEquals("roundrobin", spread.asMap().get("routing"));
        }
    }

    @Test
    void ownerRoutingAgainstAServerThatIsNoClusterMemberIsRefused() {
        try (EmbeddedTarget server = EmbeddedTarget.start(LoadSettings.DEFAULT_SECRET)) {
            BadInputException error = assertThrows(BadInputException.class,
                    () -> ConnectionSpread.of(server, Routing.OWNER, TOKEN));
            assertEquals("-Drouting=owner: " + server.webSocketUrl() + " is not a cluster member (it answers no "
                    + "PARTITION_MAP), so no partition has an owner to route to", error.getMessage());
        }
    }
}
