package dev.syncbench.simulations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** The frames the abusive clients send: live queries with costly predicates, large values, garbage. */
final class AbuseFrames {
    /** Backtracking engines take exponential time on these; the server must not (PROTOCOL §6). */
    static final String PATHOLOGICAL_REGEX = "(a|b)*c";
    static final String PATHOLOGICAL_LIKE = "%a%a%a%a%a%a%b";

    private AbuseFrames() {
    }

    /** A predicate leaf {@code {op, attribute, value}}. */
    record Leaf(String op, String attribute, String value) {
    }

    /** QUERY_SUB on {@code mapName} whose predicate is the OR of {@code leaves}. */
    static byte[] querySub(String queryId, String mapName, List<Leaf> leaves) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2);
            packer.packString("type").packString("QUERY_SUB");
            packer.packString("payload").packMapHeader(3);
            packer.packString("queryId").packString(queryId);
            packer.packString("mapName").packString(mapName);
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
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] queryUnsub(String queryId) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2);
            packer.packString("type").packString("QUERY_UNSUB");
            packer.packString("payload").packMapHeader(1);
            packer.packString("queryId").packString(queryId);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * OP_BATCH of PUTs {@code key -> {s: text}}, one per key, stamped {@code millis}/{@code counter}
     * by {@code nodeId}; op ids are {@code <idPrefix>-<i>} so the ack's lastId names the batch.
     */
    static byte[] putStrings(String idPrefix, String mapName, List<String> keys, String text, long millis,
                             int counter, String nodeId) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
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
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes that are not MessagePack: 0xC1 is the one byte the format never uses. */
    static byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) 0xC1);
        return bytes;
    }
}
