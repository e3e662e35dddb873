package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueType;

/**
 * Reads typed fields from one frame with msgpack-core's streaming unpacker. Every typed read
 * consumes exactly one value, also when the type is wrong (it then reports to the given
 * {@link FieldProblems}), so a lenient decoder stays in step with the frame. Nil reads as
 * "absent": null, or {@link #ABSENT} for integers.
 */
final class FrameReader {
    /** Returned by the integer reads for nil or a reported problem; every integer field is unsigned. */
    static final long ABSENT = -1;
    static final long U32_MAX = 0xFFFF_FFFFL;
    static final long U64_MAX = Long.MAX_VALUE;
    static final long INT_MAX = Integer.MAX_VALUE;

    private static final double TWO_POW_63 = 0x1p63;

    // Strings are decoded from the frame directly (see readString), so msgpack-core's own string
    // decoder only serves value trees; its default 16 KB scratch buffer per unpacker is wasted here.
    static final MessagePack.UnpackerConfig CONFIG = new MessagePack.UnpackerConfig().withStringDecoderBufferSize(256);

    private final byte[] frame;
    private final MessageUnpacker in;

    FrameReader(byte[] frame) {
        this.frame = frame;
        this.in = CONFIG.newUnpacker(frame);
    }

    /**
     * Reads the next value, known to be a string, straight from the frame bytes: cheaper than
     * {@link MessageUnpacker#unpackString()}, which sets up a charset decoder per unpacker.
     * Malformed UTF-8 becomes U+FFFD, as with msgpack-core's default. A known field name comes
     * back as its constant, without allocating.
     */
    private String readString(boolean fieldName) throws IOException {
        int header = switch (in.getNextFormat()) {
            case FIXSTR -> 1;
            case STR8 -> 2;
            case STR16 -> 3;
            default -> 5;
        };
        int start = (int) in.getTotalReadBytes() + header;
        in.skipValue();
        int length = (int) in.getTotalReadBytes() - start;
        if (fieldName) {
            String known = FieldNames.lookup(frame, start, length);
            if (known != null) {
                return known;
            }
        }
        return new String(frame, start, length, StandardCharsets.UTF_8);
    }

    boolean nextIsNil() throws IOException {
        return in.getNextFormat() == MessageFormat.NIL;
    }

    boolean nextIsMap() throws IOException {
        return in.getNextFormat().getValueType() == ValueType.MAP;
    }

    boolean nextIsString() throws IOException {
        return in.getNextFormat().getValueType() == ValueType.STRING;
    }

    void skip() throws IOException {
        in.skipValue();
    }

    void nil() throws IOException {
        in.unpackNil();
    }

    /** The header of a value already known to be a map. */
    int mapHeader() throws IOException {
        return in.unpackMapHeader();
    }

    /** A map key; a non-string key is skipped and read as "", which matches no field. */
    String key() throws IOException {
        if (in.getNextFormat().getValueType() == ValueType.STRING) {
            return readString(true);
        }
        in.skipValue();
        return "";
    }

    String string(FieldProblems problems, String prefix, String name) throws IOException, ProtocolException {
        return switch (in.getNextFormat().getValueType()) {
            case STRING -> readString(false);
            case NIL -> {
                in.unpackNil();
                yield null;
            }
            default -> {
                in.skipValue();
                problems.wrongType(prefix, name, "string");
                yield null;
            }
        };
    }

    /**
     * An integer in [0, max]: any MessagePack integer width, or a whole float64 (msgpackr sends
     * every number above 2^32 as a double). Anything else, or out of range, is a wrong type.
     */
    long uint(FieldProblems problems, String prefix, String name, long max) throws IOException, ProtocolException {
        MessageFormat format = in.getNextFormat();
        long value;
        switch (format.getValueType()) {
            case INTEGER -> {
                if (format == MessageFormat.UINT64) {
                    BigInteger big = in.unpackBigInteger();
                    value = big.bitLength() > 63 ? -1 : big.longValue();
                } else {
                    value = in.unpackLong();
                }
            }
            case FLOAT -> {
                double d = in.unpackDouble();
                value = d >= 0 && d < TWO_POW_63 && d == Math.rint(d) ? (long) d : -1;
            }
            case NIL -> {
                in.unpackNil();
                return ABSENT;
            }
            default -> {
                in.skipValue();
                value = -1;
            }
        }
        if (value < 0 || value > max) {
            problems.wrongType(prefix, name, "integer");
            return ABSENT;
        }
        return value;
    }

    /** As {@link #uint} but boxed: null when nil or wrongly typed. */
    Long optionalUint(FieldProblems problems, String prefix, String name, long max)
            throws IOException, ProtocolException {
        long value = uint(problems, prefix, name, max);
        return value == ABSENT ? null : value;
    }

    Boolean bool(FieldProblems problems, String prefix, String name) throws IOException, ProtocolException {
        return switch (in.getNextFormat().getValueType()) {
            case BOOLEAN -> in.unpackBoolean();
            case NIL -> {
                in.unpackNil();
                yield null;
            }
            default -> {
                in.skipValue();
                problems.wrongType(prefix, name, "boolean");
                yield null;
            }
        };
    }

    /** Any MessagePack number as a double; null when nil or wrongly typed. */
    Double number(FieldProblems problems, String prefix, String name) throws IOException, ProtocolException {
        MessageFormat format = in.getNextFormat();
        return switch (format.getValueType()) {
            case INTEGER -> format == MessageFormat.UINT64 ? in.unpackBigInteger().doubleValue() : (double) in.unpackLong();
            case FLOAT -> in.unpackDouble();
            case NIL -> {
                in.unpackNil();
                yield null;
            }
            default -> {
                in.skipValue();
                problems.wrongType(prefix, name, "number");
                yield null;
            }
        };
    }

    /** A map header, or -1 when the value is nil or (reported) not a map. */
    int mapHeader(FieldProblems problems, String prefix, String name) throws IOException, ProtocolException {
        return containerHeader(problems, prefix, name, ValueType.MAP);
    }

    /** An array header, or -1 when the value is nil or (reported) not an array. */
    int arrayHeader(FieldProblems problems, String prefix, String name) throws IOException, ProtocolException {
        return containerHeader(problems, prefix, name, ValueType.ARRAY);
    }

    private int containerHeader(FieldProblems problems, String prefix, String name, ValueType type)
            throws IOException, ProtocolException {
        MessageFormat format = in.getNextFormat();
        if (format.getValueType() == type) {
            return type == ValueType.MAP ? in.unpackMapHeader() : in.unpackArrayHeader();
        }
        if (format == MessageFormat.NIL) {
            in.unpackNil();
            return -1;
        }
        in.skipValue();
        problems.wrongType(prefix, name, type == ValueType.MAP ? "map" : "array");
        return -1;
    }

    byte[] binary(FieldProblems problems, String prefix, String name) throws IOException, ProtocolException {
        return switch (in.getNextFormat().getValueType()) {
            case BINARY -> in.readPayload(in.unpackBinaryHeader());
            case NIL -> {
                in.unpackNil();
                yield null;
            }
            default -> {
                in.skipValue();
                problems.wrongType(prefix, name, "binary");
                yield null;
            }
        };
    }

    /** The exact bytes of the next value, whatever it is (nil included), cut from the frame by position. */
    RecordValue raw() throws IOException {
        int start = (int) in.getTotalReadBytes();
        in.skipValue();
        return RecordValue.ofBytes(Arrays.copyOfRange(frame, start, (int) in.getTotalReadBytes()));
    }

    /** As {@link #raw()}, but nil reads as null (an LWW tombstone, a LEAVE update). */
    RecordValue rawOrNull() throws IOException {
        if (in.tryUnpackNil()) {
            return null;
        }
        return raw();
    }

    /** The next value as a tree; only for values that are not on the write hot path. */
    Value value() throws IOException {
        return in.unpackValue();
    }

    /** Reads one element of a list; {@code path} names it, e.g. {@code payload.results[2]}. */
    @FunctionalInterface
    interface ElementReader<T> {
        T read(FrameReader in, String path) throws IOException, ProtocolException;
    }

    /** A list whose elements {@code reader} reads; null when nil. Strict: for frame-level fields only. */
    <T> List<T> list(String prefix, String name, ElementReader<T> reader) throws IOException, ProtocolException {
        int size = arrayHeader(FieldProblems.STRICT, prefix, name);
        if (size < 0) {
            return null;
        }
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(reader.read(this, FieldProblems.element(prefix, name, i)));
        }
        return list;
    }

    /** The header of a map that must be there: nil or any other type fails the frame. */
    int requiredMapHeader(String path) throws IOException, ProtocolException {
        int size = mapHeader(FieldProblems.STRICT, path, "");
        if (size < 0) {
            FieldProblems.STRICT.wrongType(path, "", "map");
        }
        return size;
    }

    List<String> stringList(FieldProblems problems, String prefix, String name) throws IOException, ProtocolException {
        int size = arrayHeader(problems, prefix, name);
        if (size < 0) {
            return null;
        }
        List<String> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (in.getNextFormat().getValueType() == ValueType.STRING) {
                list.add(readString(false));
            } else {
                in.skipValue();
                problems.wrongType(FieldProblems.element(prefix, name, i), "", "string");
            }
        }
        return list;
    }

    /** A map of string keys to u32 hashes, e.g. Merkle buckets; null when nil. */
    Map<String, Long> hashMap(FieldProblems problems, String prefix, String name)
            throws IOException, ProtocolException {
        int size = mapHeader(problems, prefix, name);
        if (size < 0) {
            return null;
        }
        String path = FieldProblems.path(prefix, name);
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            String key = key();
            long hash = uint(problems, path, key, U32_MAX);
            if (hash == ABSENT) {
                problems.wrongType(path, key, "integer");
            } else {
                map.put(key, hash);
            }
        }
        return map;
    }
}
