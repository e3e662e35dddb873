package dev.syncbench.simulations.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.BatchEncoder;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.ProtocolSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EchoTargetTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void acksEachBatchWithItsLastOpIdInOrder() throws Exception {
        BatchEncoder encoder = new BatchEncoder(7, 10);
        try (EchoTarget echo = EchoTarget.start();
             ProtocolSocket socket = ProtocolSocket.open(echo.webSocketUrl(), "any token", TIMEOUT)) {
            for (int i = 0; i < 3; i++) {
                socket.send(encoder.nextBatch(System.currentTimeMillis()));
                byte[] ack = socket.next(TIMEOUT);
                assertTrue(AckReader.isAckFor(ack, encoder.lastId(), encoder.lastIdLength()), "ack " + i);
            }
            assertEquals(30, echo.opsApplied().orElseThrow());
        }
    }

    @Test
    void findsTheLastOpOfABatch() {
        BatchEncoder encoder = new BatchEncoder(3, 4);
        EchoTarget.LastOp last = EchoTarget.lastOpOf(encoder.nextBatch(1));
        assertEquals(new EchoTarget.LastOp("3-3", 4), last);
        assertNull(EchoTarget.lastOpOf(Frames.ping(1)));
        assertNull(EchoTarget.lastOpOf(new byte[] {(byte) 0xc1}));
    }

    @Test
    void preflightPassesAgainstTheEchoWithTheSameClock() {
        try (EchoTarget echo = EchoTarget.start()) {
            long offset = Preflight.check(echo.webSocketUrl(), "token");
            assertTrue(Math.abs(offset) < 5_000, "offset " + offset);
        }
    }

    @Test
    void aTargetWhoseClockIsTwoMinutesBehindEndsTheRunWithOneLine() {
        try (EchoTarget late = EchoTarget.startWithClock(() -> System.currentTimeMillis() - 120_000)) {
            BadInputException error = assertThrows(BadInputException.class,
                    () -> Preflight.check(late.webSocketUrl(), "token"));
            assertTrue(error.getMessage().startsWith("the clock of " + late.webSocketUrl() + " is 120."),
                    error.getMessage());
            assertTrue(error.getMessage().contains("s behind this machine's, beyond the 60 s drift"), error.getMessage());
        }
    }

    @Test
    void aClockWithinTheDriftLimitPasses() {
        Preflight.requireClockWithinDrift(59_000, 10, "x");
        Preflight.requireClockWithinDrift(-59_000, 10, "x");
        assertThrows(BadInputException.class, () -> Preflight.requireClockWithinDrift(61_000, 10, "x"));
        assertEquals(-1000, Preflight.clockOffset(10_000, 10_010, 9_005));
    }
}
