package dev.syncbench.simulations;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** The small, once-per-connection frames: AUTH and PING. The hot OP_BATCH is {@link BatchEncoder}. */
public final class Frames {
    private Frames() {
    }

    public static byte[] auth(String token) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2);
            packer.packString("type").packString("AUTH");
            packer.packString("token").packString(token);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] ping(long timestampMillis) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2);
            packer.packString("type").packString("PING");
            packer.packString("timestamp").packLong(timestampMillis);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
