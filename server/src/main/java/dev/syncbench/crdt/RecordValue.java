package dev.syncbench.crdt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;

/**
 * A record value kept as the exact MessagePack bytes the client sent. Storing bytes keeps any
 * value unchanged through a round trip, costs no parsing on the write path, and is compact in
 * memory; queries parse it on demand with {@link #toValue()}.
 */
public final class RecordValue {
    // Values are mostly small; the default 8 KiB first buffer made each encode allocate 8 KiB.
    private static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(256);

    private final byte[] bytes;

    private RecordValue(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps bytes holding exactly one MessagePack value; the array must not be changed afterwards. */
    public static RecordValue ofBytes(byte[] bytes) {
        return new RecordValue(bytes);
    }

    public static RecordValue of(Value value) {
        try (MessageBufferPacker packer = PACKER.newBufferPacker()) {
            packer.packValue(value);
            return new RecordValue(packer.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The encoded value; callers must not modify the returned array. */
    public byte[] bytes() {
        return bytes;
    }

    public Value toValue() {
        try (var unpacker = MessagePack.newDefaultUnpacker(bytes)) {
            return unpacker.unpackValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordValue other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The value as JSON; bytes that do not read as a value show as hex instead of failing. */
    @Override
    public String toString() {
        try {
            return toValue().toJson();
        } catch (RuntimeException unreadable) {
            return "msgpack:" + java.util.HexFormat.of().formatHex(bytes);
        }
    }
}
