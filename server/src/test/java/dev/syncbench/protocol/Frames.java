package dev.syncbench.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/** Builds test frames byte by byte, including encodings a normal packer would not choose (map16/map32). */
final class Frames {

    @FunctionalInterface
    interface Body {
        void write(MessagePacker out) throws IOException;
    }

    private Frames() {
    }

    static byte[] frame(Body body) {
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            body.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void map16(MessagePacker out, int size) throws IOException {
        out.writePayload(new byte[] {(byte) 0xde, (byte) (size >>> 8), (byte) size});
    }

    static void map32(MessagePacker out, int size) throws IOException {
        out.writePayload(new byte[] {(byte) 0xdf, (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
    }

    static void field(MessagePacker out, String key, String value) throws IOException {
        out.packString(key);
        out.packString(value);
    }

    static void field(MessagePacker out, String key, long value) throws IOException {
        out.packString(key);
        out.packLong(value);
    }

    static void timestamp(MessagePacker out, double millis, long counter, String nodeId) throws IOException {
        out.packMapHeader(3);
        out.packString("millis");
        out.packDouble(millis);
        field(out, "counter", counter);
        field(out, "nodeId", nodeId);
    }

    /** {@code {type, payload:{ops:[...]}}} with the ops written by {@code ops}. */
    static byte[] opBatch(int opCount, Body ops) {
        return frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "OP_BATCH");
            out.packString("payload");
            out.packMapHeader(1);
            out.packString("ops");
            out.packArrayHeader(opCount);
            ops.write(out);
        });
    }

    /** A well-formed LWW PUT op {id, mapName, key, record:{value, timestamp}}. */
    static void putOp(MessagePacker out, String id, String key, String value) throws IOException {
        out.packMapHeader(4);
        field(out, "id", id);
        field(out, "mapName", "users");
        field(out, "key", key);
        out.packString("record");
        out.packMapHeader(2);
        field(out, "value", value);
        out.packString("timestamp");
        timestamp(out, 1.7e12, 1, "node-1");
    }

    /** A single CLIENT_OP whose op map is written by {@code op}. */
    static byte[] clientOp(Body op) {
        return frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "CLIENT_OP");
            out.packString("payload");
            op.write(out);
        });
    }
}
