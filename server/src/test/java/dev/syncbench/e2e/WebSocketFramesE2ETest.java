package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncbench.support.Msg;
import dev.syncbench.support.RawWebSocket;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Client frames as browsers send them, each masked with a key of its own, read by the server's own
 * frame reader: whole, in fragments with a ping between them, pings answered with pongs, and the
 * frames it refuses with 1002.
 */
class WebSocketFramesE2ETest {
    private static final byte[] KEY = {(byte) 0xa5, 0x3c, 0x0f, (byte) 0xf0};
    private static final byte[] OTHER_KEY = {0x12, (byte) 0x88, 0x7e, 0x01};
    private static final int BINARY = 0x2;
    private static final int CONTINUATION = 0x0;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void aMaskedMessageIsAnswered() throws Exception {
        try (RawWebSocket client = new RawWebSocket(server.port())) {
            client.authenticate("masked");
            client.sendMaskedFrame(true, BINARY, ping(42), KEY);
            assertPong(client, 42);
        }
    }

    @Test
    void aMessageInMaskedFragmentsWithAPingBetweenIsAnsweredOnce() throws Exception {
        try (RawWebSocket client = new RawWebSocket(server.port())) {
            client.authenticate("fragments");
            // Padding makes the message long enough for its 16-bit length form and for fragment
            // edges that fall inside the mask's 8-byte words.
            byte[] message = Msg.encode(map("type", "PING", "timestamp", 7, "pad", new byte[300]));
            client.sendMaskedFrame(false, BINARY, Arrays.copyOfRange(message, 0, 13), KEY);
            client.sendMaskedFrame(true, PING, new byte[] {1, 2, 3}, OTHER_KEY);
            client.sendMaskedFrame(false, CONTINUATION, Arrays.copyOfRange(message, 13, 140), OTHER_KEY);
            client.sendMaskedFrame(true, CONTINUATION, Arrays.copyOfRange(message, 140, message.length), KEY);
            assertArrayEquals(new byte[] {1, 2, 3}, client.readFrame(PONG), "the ping is answered at once");
            assertPong(client, 7);
            client.sendMaskedFrame(true, BINARY, ping(8), OTHER_KEY);
            assertPong(client, 8);
        }
    }

    @Test
    void aWebSocketPingIsAnsweredWithAPongCarryingItsPayload() throws Exception {
        try (RawWebSocket client = new RawWebSocket(server.port())) {
            client.authenticate("pinger");
            byte[] payload = "are you there".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            client.sendMaskedFrame(true, PING, payload, KEY);
            assertArrayEquals(payload, client.readFrame(PONG));
            client.sendMaskedFrame(true, PING, new byte[0], OTHER_KEY);
            assertArrayEquals(new byte[0], client.readFrame(PONG), "an empty ping too");
            client.sendMaskedFrame(true, BINARY, ping(9), KEY);
            assertPong(client, 9);
        }
    }

    @Test
    void aPingOver125BytesClosesWith1002() throws Exception {
        try (RawWebSocket client = new RawWebSocket(server.port())) {
            client.authenticate("big-pinger");
            client.sendMaskedFrame(true, PING, new byte[4096], KEY);
            assertEquals(1002, client.awaitCloseCode());
        }
        assertNeighbourServed();
    }

    @Test
    void aContinuationAfterACompleteMessageClosesWith1002() throws Exception {
        try (RawWebSocket client = new RawWebSocket(server.port())) {
            client.authenticate("continuer");
            client.sendMaskedFrame(true, BINARY, ping(3), KEY);
            assertPong(client, 3);
            client.sendMaskedFrame(true, CONTINUATION, ping(4), KEY);
            assertEquals(1002, client.awaitCloseCode());
        }
        assertNeighbourServed();
    }

    @Test
    void aNewMessageInsideAFragmentedOneClosesWith1002() throws Exception {
        try (RawWebSocket client = new RawWebSocket(server.port())) {
            client.authenticate("interrupter");
            byte[] message = ping(5);
            client.sendMaskedFrame(false, BINARY, Arrays.copyOfRange(message, 0, 4), KEY);
            client.sendMaskedFrame(true, BINARY, ping(6), KEY);
            assertEquals(1002, client.awaitCloseCode());
        }
        assertNeighbourServed();
    }

    @Test
    void anUnmaskedFrameClosesWith1002AndSparesNeighbours() throws Exception {
        try (RawWebSocket client = new RawWebSocket(server.port())) {
            client.authenticate("unmasked");
            byte[] message = ping(1);
            byte[] frame = new byte[2 + message.length];
            frame[0] = (byte) 0x82;
            frame[1] = (byte) message.length;
            System.arraycopy(message, 0, frame, 2, message.length);
            client.sendRaw(frame);
            assertEquals(1002, client.awaitCloseCode());
        }
        assertNeighbourServed();
    }

    @Test
    void aContinuationAsTheFirstFrameClosesWith1002() throws Exception {
        try (RawWebSocket client = new RawWebSocket(server.port())) {
            client.sendMaskedFrame(true, CONTINUATION, ping(1), KEY);
            assertEquals(1002, client.awaitCloseCode());
        }
        assertNeighbourServed();
    }

    private static byte[] ping(long timestamp) {
        return Msg.encode(map("type", "PING", "timestamp", timestamp));
    }

    private static void assertPong(RawWebSocket client, long timestamp) throws Exception {
        var pong = client.readMessage();
        assertEquals("PONG", Msg.type(pong));
        assertEquals(timestamp, Msg.num(pong, "timestamp"));
    }

    private static void assertNeighbourServed() {
        try (TestClient neighbour = TestClient.authenticated(server.port(), "neighbour")) {
            neighbour.ping();
        }
    }
}
