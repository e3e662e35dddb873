package dev.syncbench.simulations.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.BatchEncoder;
import dev.syncbench.simulations.wire.ProtocolSocket;
import dev.syncbench.simulations.wire.Tokens;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A reused external server: each run is judged on what it applied, never on the server's lifetime. */
class ExternalTargetTest {
    private static final String SECRET = LoadSettings.DEFAULT_SECRET;

    @Test
    void twoRunsAgainstOneServerEachCountOnlyTheirOwnOps() throws Exception {
        try (EmbeddedTarget server = EmbeddedTarget.start(SECRET)) {
            write(server, 1, 5); // an earlier user of the server: 50 ops before either run
            ExternalTarget first = ExternalTarget.open(server.webSocketUrl());
            write(server, 2, 3);
            assertEquals(OptionalLong.of(30), first.opsApplied());
            assertEquals(30, first.settledOpsApplied(30));

            ExternalTarget second = ExternalTarget.open(server.webSocketUrl());
            write(server, 3, 2);
            assertEquals(OptionalLong.of(20), second.opsApplied());
            assertEquals(20, second.settledOpsApplied(20));
            assertTrue(second.assertsNothingLost());
        }
    }

    @Test
    void aServerWithoutTheMetricIsNotChecked() {
        try (EchoTarget echo = EchoTarget.start()) {
            ExternalTarget target = ExternalTarget.open(echo.webSocketUrl());
            assertEquals(OptionalLong.empty(), target.opsApplied());
            assertEquals(-1, target.settledOpsApplied(10));
            assertFalse(target.assertsNothingLost());
        }
    }

    private static void write(Target server, long connection, int batches) throws Exception {
        BatchEncoder encoder = new BatchEncoder(connection, 10);
        Duration timeout = Duration.ofSeconds(5);
        try (ProtocolSocket socket = ProtocolSocket.open(server.webSocketUrl(),
                new Tokens(SECRET).forConnection(connection), timeout)) {
            for (int i = 0; i < batches; i++) {
                socket.send(encoder.nextBatch(System.currentTimeMillis()));
                assertEquals("OP_ACK", AckReader.typeOf(socket.next(timeout)));
            }
        }
    }
}
