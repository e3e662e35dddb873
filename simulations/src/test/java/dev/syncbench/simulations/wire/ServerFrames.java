package dev.syncbench.simulations.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Server frames as a test's fake server sends them. */
public final class ServerFrames {
    private ServerFrames() {
    }

    /** The OP_ACK of a connection's batch {@code index} of {@code batchSize} ops; {@code rejected} ops listed as failed. */
    public static byte[] ack(long connection, long index, int batchSize, int rejected) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2).packString("type").packString("OP_ACK").packString("payload");
            p.packMapHeader(rejected > 0 ? 3 : 2);
            p.packString("lastId").packString(connection + "-" + ((index + 1) * batchSize - 1));
            p.packString("achievedLevel").packString("APPLIED");
            if (rejected > 0) {
                p.packString("results").packArrayHeader(rejected);
                for (int i = 0; i < rejected; i++) {
                    p.packMapHeader(3).packString("opId").packString(connection + "-" + (index * batchSize + i))
                            .packString("success").packBoolean(false).packString("error").packString("bad");
                }
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] rejected(long connection, long seq) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2).packString("type").packString("OP_REJECTED").packString("payload").packMapHeader(3)
                    .packString("opId").packString(connection + "-" + seq)
                    .packString("reason").packString("bad").packString("code").packInt(400);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] error(int code, String message) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2).packString("type").packString("ERROR").packString("payload").packMapHeader(2)
                    .packString("code").packInt(code).packString("message").packString(message);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
