package dev.syncbench.simulations.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Every frame a client here sends except the hot OP_BATCH of the load (that is {@link BatchEncoder}):
 * one method per message shape, so each shape is written in one place. None of these is on a per-frame
 * path of the load; they are sent once per connection, per query or per read-back step.
 */
public final class Frames {
    private Frames() {
    }

    /** A predicate leaf {@code {op, attribute, value}}. */
    public record Leaf(String op, String attribute, String value) {
    }

    public static byte[] auth(String token) {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("AUTH");
            packer.packString("token").packString(token);
        });
    }

    /** PARTITION_MAP_REQUEST from a client that knows no map yet (version 0): a cluster member answers PARTITION_MAP. */
    public static byte[] partitionMapRequest() {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("PARTITION_MAP_REQUEST");
            packer.packString("payload").packMapHeader(1);
            packer.packString("currentVersion").packLong(0);
        });
    }

    public static byte[] ping(long timestampMillis) {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("PING");
            packer.packString("timestamp").packLong(timestampMillis);
        });
    }

    public static byte[] topicSub(String topic) {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("TOPIC_SUB");
            packer.packString("payload").packMapHeader(1);
            packer.packString("topic").packString(topic);
        });
    }

    /** TOPIC_PUB of {@code {n: seq}} to {@code topic}. */
    public static byte[] topicPub(String topic, long seq) {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("TOPIC_PUB");
            packer.packString("payload").packMapHeader(2);
            packer.packString("topic").packString(topic);
            packer.packString("data").packMapHeader(1);
            packer.packString("n").packLong(seq);
        });
    }

    /** QUERY_SUB on {@code mapName} with an empty query: every change of the map. */
    public static byte[] querySub(String queryId, String mapName) {
        return querySub(queryId, mapName, List.of());
    }

    /** QUERY_SUB on {@code mapName} whose predicate is the OR of {@code leaves}; no leaves, an empty query. */
    public static byte[] querySub(String queryId, String mapName, List<Leaf> leaves) {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("QUERY_SUB");
            packer.packString("payload").packMapHeader(3);
            packer.packString("queryId").packString(queryId);
            packer.packString("mapName").packString(mapName);
            if (leaves.isEmpty()) {
                packer.packString("query").packMapHeader(0);
                return;
            }
            packer.packString("query").packMapHeader(1);
            packer.packString("predicate").packMapHeader(2);
            packer.packString("op").packString("or");
            packer.packString("children").packArrayHeader(leaves.size());
            for (Leaf leaf : leaves) {
                packer.packMapHeader(3);
                packer.packString("op").packString(leaf.op());
                packer.packString("attribute").packString(leaf.attribute());
                packer.packString("value").packString(leaf.value());
            }
        });
    }

    public static byte[] queryUnsub(String queryId) {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("QUERY_UNSUB");
            packer.packString("payload").packMapHeader(1);
            packer.packString("queryId").packString(queryId);
        });
    }

    /**
     * OP_BATCH of PUTs {@code key -> {s: text}}, one per key, stamped {@code millis}/{@code counter}
     * by {@code nodeId}; op ids are {@code <idPrefix>-<i>} so the ack's lastId names the batch.
     */
    public static byte[] putStrings(String idPrefix, String mapName, List<String> keys, String text, long millis,
                             int counter, String nodeId) {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("OP_BATCH");
            packer.packString("payload").packMapHeader(1);
            packer.packString("ops").packArrayHeader(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                packer.packMapHeader(4);
                packer.packString("id").packString(idPrefix + "-" + i);
                packer.packString("mapName").packString(mapName);
                packer.packString("key").packString(keys.get(i));
                packer.packString("record").packMapHeader(2);
                packer.packString("value").packMapHeader(1);
                packer.packString("s").packString(text);
                packer.packString("timestamp").packMapHeader(3);
                packer.packString("millis").packLong(millis);
                packer.packString("counter").packInt(counter);
                packer.packString("nodeId").packString(nodeId);
            }
        });
    }

    /** SYNC_INIT for {@code mapName}: the server answers with its Merkle root. */
    public static byte[] syncInit(String mapName) {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("SYNC_INIT");
            packer.packString("mapName").packString(mapName);
        });
    }

    /** MERKLE_REQ_BUCKET for the node at {@code path} of {@code mapName}'s tree. */
    public static byte[] merkleBucketRequest(String mapName, String path) {
        return pack(packer -> {
            packer.packMapHeader(2);
            packer.packString("type").packString("MERKLE_REQ_BUCKET");
            packer.packString("payload").packMapHeader(2);
            packer.packString("mapName").packString(mapName);
            packer.packString("path").packString(path);
        });
    }

    /** Bytes that are not MessagePack: 0xC1 is the one byte the format never uses. */
    public static byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0xC1);
        return bytes;
    }

    private interface Body {
        void write(MessageBufferPacker packer) throws IOException;
    }

    private static byte[] pack(Body body) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            body.write(packer);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
