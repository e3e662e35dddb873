package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;
import java.io.IOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;

/**
 * Writes one message with msgpack-core's streaming packer. Integers come out in their most
 * compact form. Callers count a map's fields before writing its header; {@link #present} helps
 * count optional fields, which are omitted when null unless the protocol asks for nil.
 */
final class FrameWriter {
    // Most messages are far below 256 bytes; larger ones grow by extra chunks.
    private static final MessagePack.PackerConfig CONFIG = new MessagePack.PackerConfig().withBufferSize(256);

    private final MessageBufferPacker out = CONFIG.newBufferPacker();

    static int present(Object value) {
        return value == null ? 0 : 1;
    }

    /** A flat message: {@code {type, ...fields}}. */
    void beginFlat(String type, int fields) throws IOException {
        out.packMapHeader(fields + 1);
        out.packString("type");
        out.packString(type);
    }

    /** A payload-wrapped message: {@code {type, payload:{...fields}}}. */
    void beginPayload(String type, int payloadFields) throws IOException {
        out.packMapHeader(2);
        out.packString("type");
        out.packString(type);
        out.packString("payload");
        out.packMapHeader(payloadFields);
    }

    void mapHeader(int size) throws IOException {
        out.packMapHeader(size);
    }

    void arrayHeader(int size) throws IOException {
        out.packArrayHeader(size);
    }

    void key(String key) throws IOException {
        out.packString(key);
    }

    /** A string, or nil when null. */
    void string(String value) throws IOException {
        if (value == null) {
            out.packNil();
        } else {
            out.packString(value);
        }
    }

    void integer(long value) throws IOException {
        out.packLong(value);
    }

    void dbl(double value) throws IOException {
        out.packDouble(value);
    }

    void bool(boolean value) throws IOException {
        out.packBoolean(value);
    }

    void nil() throws IOException {
        out.packNil();
    }

    /** A record value's own bytes, or nil when null. */
    void raw(RecordValue value) throws IOException {
        if (value == null) {
            out.packNil();
        } else {
            out.writePayload(value.bytes());
        }
    }

    void value(Value value) throws IOException {
        out.packValue(value);
    }

    void binary(byte[] data) throws IOException {
        out.packBinaryHeader(data.length);
        out.writePayload(data);
    }

    void field(String key, String value) throws IOException {
        out.packString(key);
        string(value);
    }

    void field(String key, long value) throws IOException {
        out.packString(key);
        out.packLong(value);
    }

    void field(String key, boolean value) throws IOException {
        out.packString(key);
        out.packBoolean(value);
    }

    void optional(String key, String value) throws IOException {
        if (value != null) {
            field(key, value);
        }
    }

    void optional(String key, Long value) throws IOException {
        if (value != null) {
            field(key, value.longValue());
        }
    }

    void optional(String key, Boolean value) throws IOException {
        if (value != null) {
            field(key, value.booleanValue());
        }
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
