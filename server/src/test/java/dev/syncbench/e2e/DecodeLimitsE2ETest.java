package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.SyncServer;
import dev.syncbench.support.Msg;
import dev.syncbench.support.RawWebSocket;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import dev.syncbench.support.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * The WebSocket decode limits of TopGun's server (reference features §9), at their default values,
 * over real sockets: nesting depth, BATCH items (each checked on its own, capped at 8,192, charged by
 * what the frame really holds), and the 2 MiB message size. Each case checks the answer, that the
 * connection goes on where it should, and that a neighbour is served.
 */
class DecodeLimitsE2ETest {
    private static final int MAX_FRAME = 2 * 1024 * 1024;
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    /** CLIENT_OP putting {@code [[…nil…]]} at key: the frame (level 1), payload (2), record (3), then {@code arrays} levels. */
    private static Value deepPut(String id, String mapName, String key, int arrays) {
        Value value = ValueFactory.newNil();
        for (int i = 0; i < arrays; i++) {
            value = ValueFactory.newArray(value);
        }
        return map("type", "CLIENT_OP", "payload", Msg.put(id, mapName, key, value, System.currentTimeMillis()));
    }

    private static Value clientOp(String id, String mapName, String key) {
        return map("type", "CLIENT_OP", "payload", Msg.put(id, mapName, key, "v", System.currentTimeMillis()));
    }

    /** BATCH {count, data} with each item length-prefixed (4 bytes, big-endian). */
    private static Value batch(int declaredCount, List<byte[]> items) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (byte[] item : items) {
            data.writeBytes(ByteBuffer.allocate(4).putInt(item.length).array());
            data.writeBytes(item);
        }
        return map("type", "BATCH", "count", declaredCount, "data", data.toByteArray());
    }

    @Test
    void nesting256LevelsDeepIsAcceptedAnd257IsRefusedWith400() {
        try (TestClient client = TestClient.authenticated(server.port(), "nester")) {
            client.send(deepPut("1", "deep", "at-256", 253));
            assertEquals("1", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            assertNotNull(server.store().getLww("deep", "at-256"));

            client.send(deepPut("2", "deep", "at-257", 254));
            Value error = client.expect("ERROR");
            assertEquals(400, Msg.num(error, "payload.code"));
            assertTrue(Msg.str(error, "payload.message").contains("nesting deeper than 256"), Msg.str(error, "payload.message"));
            assertNull(server.store().getLww("deep", "at-257"));
            client.ping();
        }
        assertNeighbourServed();
    }

    @Test
    void eachBatchItemIsDecodedOnItsOwnSoABadOneIsSkippedAndTheRestRun() {
        try (TestClient client = TestClient.authenticated(server.port(), "batcher")) {
            byte[] truncatedTail = {0, 0, 0, 50, (byte) 0x81};
            client.send(batch(1, List.of(
                    Msg.encode(clientOp("1", "items", "first")),
                    Msg.encode(deepPut("2", "items", "too-deep", 254)),
                    new byte[] {(byte) 0xc1},
                    Msg.encode(clientOp("4", "items", "last")))));
            assertEquals("1", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            assertTrue(Msg.str(client.expect("ERROR"), "payload.message").contains("nesting"));
            assertEquals("malformed frame", Msg.str(client.expect("ERROR"), "payload.message"));
            assertEquals("4", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            client.ping();

            // an item whose length runs past the end ends the walk silently
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            byte[] op = Msg.encode(clientOp("5", "items", "before-tail"));
            data.writeBytes(ByteBuffer.allocate(4).putInt(op.length).array());
            data.writeBytes(op);
            data.writeBytes(truncatedTail);
            client.send(map("type", "BATCH", "count", 2, "data", data.toByteArray()));
            assertEquals("5", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            client.ping();
            assertNotNull(server.store().getLww("items", "last"));
            assertNull(server.store().getLww("items", "too-deep"));
        }
        assertNeighbourServed();
    }

    @Test
    void aBatchDeclaringOneItemButPacking40001IsChargedForAllThenRefusedWith413AndTheNextWith429() {
        List<byte[]> empty = Collections.nCopies(40_001, new byte[0]);
        try (TestClient client = TestClient.authenticated(server.port(), "packer");
             TestClient neighbour = TestClient.authenticated(server.port(), "neighbour")) {
            client.send(batch(1, empty));
            Value capped = client.expect("ERROR");
            assertEquals(413, Msg.num(capped, "payload.code"));
            assertEquals("batch exceeds maximum inner item count", Msg.str(capped, "payload.message"));
            // the first frame was charged 40,000 tokens (the whole burst): the second is refused before anything else
            client.send(batch(1, empty));
            Value limited = client.expect("ERROR");
            assertEquals(429, Msg.num(limited, "payload.code"));
            assertEquals("rate limit exceeded, slow down", Msg.str(limited, "payload.message"));
            client.ping();
            // the rate limit is the connection's own
            neighbour.send(Msg.opBatch(Msg.put("1", "items", "neighbour", "v", System.currentTimeMillis())));
            neighbour.expect("OP_ACK");
        }
    }

    @Test
    void aBatchIsChargedTheItemsItHoldsNotTheCountItDeclares() {
        // a bucket of 6 tokens that refills one per second: the test's few frames see it all but full
        try (SyncServer small = SyncServer.start(TestServers.config().opsBurst(6).opsPerSecond(1).build());
             TestClient client = TestClient.authenticated(small.port(), "batcher")) {
            client.send(batch(1, List.of(Msg.encode(clientOp("1", "m", "a")), Msg.encode(clientOp("2", "m", "b")),
                    Msg.encode(clientOp("3", "m", "c")), Msg.encode(clientOp("4", "m", "d")), Msg.encode(clientOp("5", "m", "e")))));
            for (int i = 1; i <= 5; i++) {
                assertEquals(String.valueOf(i), Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            }
            // five tokens were taken, not one: a two-op OP_BATCH no longer fits, a one-op write does
            client.send(Msg.opBatch(Msg.put("6", "m", "f", "v", System.currentTimeMillis()),
                    Msg.put("7", "m", "g", "v", System.currentTimeMillis())));
            assertEquals(429, Msg.num(client.expect("ERROR"), "payload.code"));
            client.send(clientOp("8", "m", "h"));
            assertEquals("8", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
        }
    }

    @Test
    void aMessageOfExactly2MiBIsHandledAndOneByteMoreClosesTheConnectionWith1009() throws Exception {
        try (TestClient client = TestClient.authenticated(server.port(), "big-sender")) {
            client.sendRaw(paddedPing(MAX_FRAME));
            client.expect("PONG");
        }
        // refused from its header: a raw socket, since the server closes while a client library would still be writing
        try (RawWebSocket client = new RawWebSocket(server.port())) {
            client.authenticate("bigger-sender");
            byte[] frame = paddedPing(MAX_FRAME + 1);
            client.sendBinaryFrameHeader(frame.length, Arrays.copyOf(frame, 16));
            assertEquals(1009, client.awaitCloseCode());
        }
        assertNeighbourServed();
    }

    /** A PING of exactly {@code size} bytes: the padding is an unknown field, which the server ignores. */
    private static byte[] paddedPing(int size) {
        int guess = size - 64;
        int overhead = Msg.encode(map("type", "PING", "timestamp", 1, "pad", new byte[guess])).length - guess;
        byte[] frame = Msg.encode(map("type", "PING", "timestamp", 1, "pad", new byte[size - overhead]));
        assertEquals(size, frame.length);
        return frame;
    }

    private static void assertNeighbourServed() {
        try (TestClient neighbour = TestClient.authenticated(server.port(), "neighbour")) {
            neighbour.ping();
        }
    }
}
