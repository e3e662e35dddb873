package dev.syncbench.e2e;

import static dev.syncbench.support.Msg.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.support.Msg;
import dev.syncbench.support.ServerExtension;
import dev.syncbench.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A value that cannot be read as data (here a MessagePack timestamp extension with a 5-byte
 * payload) is rejected where it enters: OP_REJECTED 400 for its op alone, stored nowhere, and the
 * rest of the batch applies and reaches a live query's subscriber.
 */
class UnreadableValueE2ETest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static final Value BAD_TIMESTAMP = ValueFactory.newExtension((byte) -1, new byte[5]);

    @Test
    void anUnreadableValueIsRejectedAloneAndStoredNowhere() {
        try (TestClient watcher = TestClient.authenticated(server.port(), "watcher");
             TestClient writer = TestClient.authenticated(server.port(), "writer")) {
            watcher.send(map("type", "QUERY_SUB", "payload", map("queryId", "q1", "mapName", "unreadable",
                    "query", map())));
            watcher.expect("QUERY_RESP");

            long now = System.currentTimeMillis();
            writer.send(Msg.opBatch(
                    Msg.put("1", "unreadable", "k1", map("at", BAD_TIMESTAMP), now),
                    Msg.put("2", "unreadable", "k2", "fine", now)));
            Value rejected = writer.expect("OP_REJECTED");
            assertEquals("1", Msg.str(rejected, "payload.opId"));
            assertEquals(400, Msg.num(rejected, "payload.code"));
            assertTrue(Msg.str(rejected, "payload.reason").contains("timestamp extension with a 5-byte payload"),
                    Msg.str(rejected, "payload.reason"));
            Value ack = writer.expect("OP_ACK");
            assertEquals("2", Msg.str(ack, "payload.lastId"));

            assertEquals("k2", Msg.str(watcher.expect("SERVER_EVENT"), "payload.key"));
            assertEquals("k2", Msg.str(watcher.expect("QUERY_UPDATE"), "payload.key"));
            watcher.send(map("type", "QUERY_SUB", "payload", map("queryId", "q2", "mapName", "unreadable",
                    "query", map())));
            assertNotNull(watcher.expect("QUERY_RESP"), "a later subscription still gets its snapshot");
        }
        assertNull(server.store().getLww("unreadable", "k1"));
        assertEquals(ValueFactory.newString("fine"), server.store().getLww("unreadable", "k2").value().toValue());
    }

    @Test
    void aReadableTimestampExtensionIsStoredAsSent() {
        Value at = ValueFactory.newExtension((byte) -1, new byte[] {0, 0, 0, 42});
        try (TestClient writer = TestClient.authenticated(server.port(), "writer")) {
            writer.send(Msg.opBatch(Msg.put("1", "readable", "k", map("at", at), System.currentTimeMillis())));
            assertEquals("1", Msg.str(writer.expect("OP_ACK"), "payload.lastId"));
        }
        assertNotNull(server.store().getLww("readable", "k"));
    }
}
