package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static dev.syncbench.support.Msg.timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.support.Msg;
import dev.syncbench.support.RawWebSocket;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.value.Value;

/**
 * Every row of PROTOCOL.md §9, sent over a real WebSocket: each gets its answer, and afterwards the
 * same connection and a neighbour still work and no stored data changed.
 */
class BadInputE2ETest {
    private static final int MAX_FRAME = 256 * 1024;
    @RegisterExtension
    static final ServerExtension server = new ServerExtension(config -> config.maxFrameBytes(MAX_FRAME));
    private static LwwRecord sentinel;

    @BeforeAll
    static void storeSentinel() {
        try (TestClient client = TestClient.authenticated(server.port(), "setup")) {
            client.send(Msg.opBatch(Msg.put("1", "kept", "sentinel", map("v", 1), System.currentTimeMillis())));
            client.expect("OP_ACK");
        }
        sentinel = server.store().getLww("kept", "sentinel");
    }

    static Stream<Arguments> badFrames() {
        long now = System.currentTimeMillis();
        byte[] batch = Msg.encode(Msg.opBatch(Msg.put("1", "bad", "k", "v", now)));
        return Stream.of(
                Arguments.of("garbage bytes", new byte[] {(byte) 0xc1, (byte) 0xff, 0x00, 0x13}, 400, "malformed frame"),
                Arguments.of("truncated msgpack", Arrays.copyOf(batch, batch.length - 7), 400, "malformed frame"),
                Arguments.of("a non-map", Msg.encode(Msg.list(1, 2, 3)), 400, "malformed frame"),
                Arguments.of("a map without type", Msg.encode(map("payload", map("ops", Msg.list()))), 400, "malformed frame"),
                Arguments.of("an empty frame", new byte[0], 400, "malformed frame"),
                Arguments.of("an unknown type", Msg.encode(map("type", "MAKE_COFFEE")), 400, "MAKE_COFFEE"),
                Arguments.of("a server-to-client type", Msg.encode(map("type", "OP_ACK", "payload", map("lastId", "1"))), 400, "OP_ACK"),
                Arguments.of("a missing required field", Msg.encode(map("type", "OP_BATCH", "payload", map())), 400, "ops"),
                Arguments.of("a wrongly typed field", Msg.encode(map("type", "PING", "timestamp", "soon")), 400, "timestamp"),
                Arguments.of("nesting 100,000 deep", deeplyNested(100_000), 400, "nesting"),
                Arguments.of("a feature this server does not offer", Msg.encode(map("type", "ENTRY_PROCESS",
                        "requestId", "r", "mapName", "m", "key", "k")), 501, "not implemented"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFrameGetsAnErrorAndHarmsNothing(String name, byte[] frame, int code, String messagePart) {
        long records = server.store().lwwRecordCount();
        try (TestClient client = TestClient.authenticated(server.port(), "fuzzer")) {
            client.sendRaw(frame);
            Value error = client.expect("ERROR");
            assertEquals(code, Msg.num(error, "payload.code"), name);
            assertTrue(Msg.str(error, "payload.message").contains(messagePart),
                    name + ": message was " + Msg.str(error, "payload.message"));
            assertStillServing(client);
        }
        assertNothingStoredChanged(records);
    }

    static Stream<Arguments> badOps() {
        long now = System.currentTimeMillis();
        return Stream.of(
                Arguments.of("a far-future timestamp", Msg.put("1", "bad", "future", "v", now + 3_600_000), 400),
                Arguments.of("an op without key", map("id", "1", "mapName", "bad",
                        "record", map("value", "v", "timestamp", timestamp(now, 0, "n"))), 400),
                Arguments.of("a reserved map name", Msg.put("1", "__topgun_system", "k", "v", now), 403),
                Arguments.of("a record that is not a map", map("id", "1", "mapName", "bad", "key", "k", "record", "v"), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOps")
    void badOpIsRejectedAloneAndHarmsNothing(String name, Value op, int code) {
        long records = server.store().lwwRecordCount();
        try (TestClient client = TestClient.authenticated(server.port(), "fuzzer")) {
            client.send(Msg.opBatch(op));
            Value rejected = client.expect("OP_REJECTED");
            assertEquals(code, Msg.num(rejected, "payload.code"), name);
            assertEquals("1", Msg.str(client.expect("OP_ACK"), "payload.lastId"));
            assertStillServing(client);
        }
        assertNothingStoredChanged(records);
    }

    @Test
    void textFrameGetsBinaryFramesOnly() {
        long records = server.store().lwwRecordCount();
        try (TestClient client = TestClient.authenticated(server.port(), "texter")) {
            client.sendText("{\"type\":\"PING\"}");
            Value error = client.expect("ERROR");
            assertEquals(400, Msg.num(error, "payload.code"));
            assertEquals("binary frames only", Msg.str(error, "payload.message"));
            assertStillServing(client);
        }
        assertNothingStoredChanged(records);
    }

    @Test
    void oversizedFrameClosesWith1009AndSparesNeighbours() throws Exception {
        long records = server.store().lwwRecordCount();
        try (TestClient neighbour = TestClient.authenticated(server.port(), "neighbour");
             RawWebSocket client = new RawWebSocket(server.port())) {
            client.sendBinaryFrameHeader(MAX_FRAME * 2L, new byte[] {(byte) 0x82});
            assertEquals(1009, client.awaitCloseCode());
            neighbour.ping();
        }
        assertNothingStoredChanged(records);
    }

    private static void assertStillServing(TestClient client) {
        client.ping();
        try (TestClient other = TestClient.authenticated(server.port(), "other")) {
            other.ping();
        }
    }

    private static void assertNothingStoredChanged(long recordsBefore) {
        assertEquals(recordsBefore, server.store().lwwRecordCount());
        assertEquals(sentinel, server.store().getLww("kept", "sentinel"));
    }

    /** {type: OP_BATCH, payload: [[[[…nil…]]]]} with {@code depth} nested arrays. */
    private static byte[] deeplyNested(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x82);
        writeStr(out, "type");
        writeStr(out, "OP_BATCH");
        writeStr(out, "payload");
        for (int i = 0; i < depth; i++) {
            out.write(0x91);
        }
        out.write(0xc0);
        return out.toByteArray();
    }

    private static void writeStr(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(0xa0 | bytes.length);
        out.writeBytes(bytes);
    }
}
