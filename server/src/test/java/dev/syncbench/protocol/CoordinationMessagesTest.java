package dev.syncbench.protocol;

import static dev.syncbench.protocol.Frames.field;
import static dev.syncbench.protocol.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.PnCounter;
import dev.syncbench.crdt.RecordValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** Topics, locks, counters, BATCH, and the types this server only recognizes. */
class CoordinationMessagesTest {
    private final MessageCodec codec = new MessageCodec();

    private void assertRoundTrip(Message message) throws ProtocolException {
        assertEquals(message, codec.decode(codec.encode(message)));
    }

    @Test
    void topicsRoundTrip() throws ProtocolException {
        RecordValue data = RecordValue.of(ValueFactory.newMap(ValueFactory.newString("text"), ValueFactory.newString("hi")));
        assertRoundTrip(new TopicSub("chat/room-1"));
        assertRoundTrip(new TopicUnsub("chat/room-1"));
        assertRoundTrip(new TopicPub("chat/room-1", data));
        TopicMessage message = new TopicMessage("chat/room-1", data, null, 1_700_000_000_000L);
        assertEquals(3, Trees.get(Trees.of(codec.encode(message)), "payload").asMapValue().size(), "publisherId omitted");
        assertRoundTrip(message);
    }

    @Test
    void aTopicPublicationNeedsData() {
        byte[] frame = frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "TOPIC_PUB");
            out.packString("payload");
            out.packMapHeader(1);
            field(out, "topic", "t");
        });
        assertEquals("missing field: payload.data",
                assertThrows(ProtocolException.class, () -> codec.decode(frame)).getMessage());
    }

    @Test
    void locksRoundTrip() throws ProtocolException {
        assertRoundTrip(new LockRequest("r1", "my-lock", 30_000L));
        assertRoundTrip(new LockRequest("r1", "my-lock", null));
        assertRoundTrip(new LockRelease(null, "my-lock", 7));
        assertRoundTrip(new LockGranted("r1", "my-lock", 1));
        assertRoundTrip(new LockReleased("", "my-lock", false));
    }

    private byte[] counterSync(Frames.Body state) {
        return frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "COUNTER_SYNC");
            out.packString("payload");
            out.packMapHeader(2);
            field(out, "name", "views");
            out.packString("state");
            state.write(out);
        });
    }

    @Test
    void counterStatesAcceptIntegersAndFloats() throws ProtocolException {
        byte[] frame = counterSync(out -> {
            out.packMapHeader(2);
            out.packString("p");
            out.packMapHeader(2);
            field(out, "a", 10);
            out.packString("b");
            out.packDouble(2.5);
            out.packString("n");
            out.packMapHeader(0);
        });
        CounterSync sync = (CounterSync) codec.decode(frame);
        assertEquals(Map.of("a", 10.0, "b", 2.5), sync.state().p());
        assertEquals(12.5, sync.state().value());
    }

    @Test
    void badCounterStatesAreRejectedNamingTheField() {
        assertEquals("wrong type for field: payload.state.p.a (expected non-negative number)",
                assertThrows(ProtocolException.class, () -> codec.decode(counterSync(out -> {
                    out.packMapHeader(2);
                    out.packString("p");
                    out.packMapHeader(1);
                    field(out, "a", -1);
                    out.packString("n");
                    out.packMapHeader(0);
                }))).getMessage());
        assertEquals("wrong type for field: payload.state.n.b (expected number)",
                assertThrows(ProtocolException.class, () -> codec.decode(counterSync(out -> {
                    out.packMapHeader(2);
                    out.packString("p");
                    out.packMapHeader(0);
                    out.packString("n");
                    out.packMapHeader(1);
                    field(out, "b", "three");
                }))).getMessage());
        assertEquals("wrong type for field: payload.state.p (expected map)",
                assertThrows(ProtocolException.class, () -> codec.decode(counterSync(out -> {
                    out.packMapHeader(2);
                    out.packString("p");
                    out.packArrayHeader(0);
                    out.packString("n");
                    out.packMapHeader(0);
                }))).getMessage());
        assertEquals("missing field: payload.state.n",
                assertThrows(ProtocolException.class, () -> codec.decode(counterSync(out -> {
                    out.packMapHeader(1);
                    out.packString("p");
                    out.packMapHeader(0);
                }))).getMessage());
    }

    @Test
    void counterValuesAreAlwaysWrittenAsFloat64() throws ProtocolException {
        CounterUpdate update = new CounterUpdate("views", new PnCounter(Map.of("node-1", 10.0), Map.of()));
        Value p = Trees.get(Trees.get(Trees.get(Trees.of(codec.encode(update)), "payload"), "state"), "p");
        assertTrue(Trees.get(p, "node-1").isFloatValue());
        assertRoundTrip(update);
        assertRoundTrip(new CounterResponse("views", PnCounter.EMPTY));
        assertRoundTrip(new CounterRequest("views"));
    }

    @Test
    void partitionMapRequestMayComeWithoutPayload() throws ProtocolException {
        byte[] bare = frame(out -> {
            out.packMapHeader(1);
            field(out, "type", "PARTITION_MAP_REQUEST");
        });
        assertEquals(new PartitionMapRequest(null), codec.decode(bare));
        assertRoundTrip(new PartitionMapRequest(null));
        assertRoundTrip(new PartitionMapRequest(5L));
    }

    @Test
    void sqlRoundTrips() throws ProtocolException {
        assertRoundTrip(new SqlQuery("s1", "SELECT 1"));
        assertRoundTrip(new SqlQueryResp("s1", "SQL is not available", "FEATURE_DISABLED"));
    }

    private static byte[] item(byte... bytes) {
        byte[] framed = new byte[bytes.length + 4];
        framed[3] = (byte) bytes.length;
        System.arraycopy(bytes, 0, framed, 4, bytes.length);
        return framed;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void batchItemsAreSplitByTheirLengthPrefixes() throws ProtocolException {
        byte[] ping = codec.encode(new Ping(1));
        byte[] pong = codec.encode(new Pong(1, 2));
        Batch batch = new Batch(99, concat(item(ping), item(pong)));
        List<byte[]> items = ((Batch) codec.decode(codec.encode(batch))).items();
        assertEquals(2, items.size());
        assertArrayEquals(ping, items.get(0));
        assertEquals(new Pong(1, 2), codec.decode(items.get(1)));
    }

    @Test
    void aTruncatedBatchItemEndsTheWalk() {
        byte[] ping = codec.encode(new Ping(1));
        byte[] cutItem = java.util.Arrays.copyOf(item(ping), 4 + ping.length - 1);
        assertEquals(1, new Batch(2, concat(item(ping), cutItem)).items().size());
        assertEquals(1, new Batch(2, concat(item(ping), new byte[] {0, 0})).items().size(), "half a length prefix");
        assertEquals(0, new Batch(3, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}).items().size());
        assertEquals(2, new Batch(0, concat(item(), item(ping))).items().size(), "an empty item is still an item");
    }

    @Test
    void batchDataMustBeBinary() {
        byte[] frame = frame(out -> {
            out.packMapHeader(3);
            field(out, "type", "BATCH");
            field(out, "count", 1);
            field(out, "data", "text");
        });
        assertEquals("wrong type for field: data (expected binary)",
                assertThrows(ProtocolException.class, () -> codec.decode(frame)).getMessage());
    }

    private Message decodeType(String type) throws ProtocolException {
        return codec.decode(frame(out -> {
            out.packMapHeader(1);
            field(out, "type", type);
        }));
    }

    @Test
    void unimplementedFeaturesAreNamed() throws ProtocolException {
        Map<String, String> features = Map.ofEntries(
                Map.entry("ENTRY_PROCESS", "entry processors"), Map.entry("ENTRY_PROCESS_BATCH", "entry processors"),
                Map.entry("REGISTER_RESOLVER", "conflict resolvers"), Map.entry("UNREGISTER_RESOLVER", "conflict resolvers"),
                Map.entry("LIST_RESOLVERS", "conflict resolvers"),
                Map.entry("DEVICE_HELLO", "device identity"), Map.entry("CLIENT_APPLY_ACK", "tombstone GC epochs"));
        for (Map.Entry<String, String> entry : features.entrySet()) {
            assertEquals(new NotImplemented(entry.getKey(), entry.getValue()), decodeType(entry.getKey()));
        }
    }

    @Test
    void unknownAndClusterTypesAreUnrecognized() throws ProtocolException {
        assertEquals("NO_SUCH_TYPE", assertInstanceOf(Unrecognized.class, decodeType("NO_SUCH_TYPE")).type());
        assertInstanceOf(Unrecognized.class, decodeType("CLUSTER_SUB_ACK"));
        assertInstanceOf(Unrecognized.class, decodeType("PARTITION_MAP"));
    }

    @Test
    void knownTypesWithMissingFieldsFailNamingTheField() {
        assertEquals("missing field: payload", assertThrows(ProtocolException.class, () -> decodeType("LOCK_REQUEST")).getMessage());
        assertEquals("missing field: mapName", assertThrows(ProtocolException.class, () -> decodeType("SYNC_INIT")).getMessage());
        assertEquals("missing field: token", assertThrows(ProtocolException.class, () -> decodeType("AUTH")).getMessage());
    }
}
