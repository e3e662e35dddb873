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
 * Reads typed fields from one frame, straight from its bytes. Every typed read consumes exactly
 * one value, also when the type is wrong (it then reports to the given {@link FieldProblems}), so
 * a lenient decoder stays in step with the frame. Nil reads as "absent": null, or {@link #ABSENT}
 * for integers.
 *
 * <p>The frame has passed {@link DepthGuard}, so every header and length in it is known to fit;
 * reading the bytes directly is much cheaper than msgpack-core's unpacker, which is only used to
 * build value trees off the write path.
 */
final class FrameReader {
    /** Returned by the integer reads for nil or a reported problem; every integer field is unsigned. */
    static final long ABSENT = -1;
    static final long U32_MAX = 0xFFFF_FFFFL;
    static final long U64_MAX = Long.MAX_VALUE;
    static final long INT_MAX = Integer.MAX_VALUE;

    private static final double TWO_POW_63 = 0x1p63;

    // msgpack-core only builds value trees here; its default 16 KB string scratch buffer per unpacker is wasted.
    static final MessagePack.UnpackerConfig CONFIG = new MessagePack.UnpackerConfig().withStringDecoderBufferSize(256);

    private static final int NIL = 0xc0;

    private final byte[] frame;
    private final boolean internNodeIds;
    private int position;

    FrameReader(byte[] frame) {
        this(frame, false);
    }

    /** With {@code internNodeIds}, node ids are shared (see {@link NodeIds}); only for authenticated clients. */
    FrameReader(byte[] frame, boolean internNodeIds) {
        this.frame = frame;
        this.internNodeIds = internNodeIds;
    }

    private int marker() {
        return frame[position] & 0xff;
    }

    private ValueType nextType() {
        int m = marker();
        if (m <= 0x7f || m >= 0xe0) {
            return ValueType.INTEGER;
        }
        if (m <= 0x8f) {
            return ValueType.MAP;
        }
        if (m <= 0x9f) {
            return ValueType.ARRAY;
        }
        if (m <= 0xbf) {
            return ValueType.STRING;
        }
        return switch (m) {
            case NIL -> ValueType.NIL;
            case 0xc2, 0xc3 -> ValueType.BOOLEAN;
            case 0xc4, 0xc5, 0xc6 -> ValueType.BINARY;
            case 0xca, 0xcb -> ValueType.FLOAT;
            case 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3 -> ValueType.INTEGER;
            case 0xd9, 0xda, 0xdb -> ValueType.STRING;
            case 0xdc, 0xdd -> ValueType.ARRAY;
            case 0xde, 0xdf -> ValueType.MAP;
            default -> ValueType.EXTENSION;
        };
    }

    private long be(int at, int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (frame[at + i] & 0xff);
        }
        return value;
    }

    /** The length of the string or binary payload whose header is next; moves past the header. */
    private int payloadHeader() {
        int m = marker();
        int length;
        if (m >= 0xa0 && m <= 0xbf) {
            length = m & 0x1f;
            position += 1;
        } else if (m == 0xd9 || m == 0xc4) {
            length = (int) be(position + 1, 1);
            position += 2;
        } else if (m == 0xda || m == 0xc5) {
            length = (int) be(position + 1, 2);
            position += 3;
        } else {
            length = (int) be(position + 1, 4);
            position += 5;
        }
        return length;
    }

    /**
     * Reads the next value, known to be a string. Malformed UTF-8 becomes U+FFFD, as with
     * msgpack-core's default. A known field name comes back as its constant, without allocating.
     */
    private String readString(boolean fieldName) {
        int length = payloadHeader();
        int start = position;
        position += length;
        if (fieldName) {
            String known = FieldNames.lookup(frame, start, length);
            if (known != null) {
                return known;
            }
        }
        return new String(frame, start, length, StandardCharsets.UTF_8);
    }

    boolean nextIsNil() {
        return marker() == NIL;
    }

    boolean nextIsMap() {
        return nextType() == ValueType.MAP;
    }

    boolean nextIsString() {
        return nextType() == ValueType.STRING;
    }

    boolean nextIsArray() {
        return nextType() == ValueType.ARRAY;
    }

    boolean nextIsBinary() {
        return nextType() == ValueType.BINARY;
    }

    void skip() {
        position = ValueWalk.end(frame, position);
    }

    void nil() {
        position++;
    }

    /** The header of a value already known to be a map. */
    int mapHeader() {
        int m = marker();
        if (m <= 0x8f) {
            position++;
            return m & 0x0f;
        }
        int bytes = m == 0xde ? 2 : 4;
        int size = (int) be(position + 1, bytes);
        position += 1 + bytes;
        return size;
    }

    private int arrayHeaderKnown() {
        int m = marker();
        if (m <= 0x9f) {
            position++;
            return m & 0x0f;
        }
        int bytes = m == 0xdc ? 2 : 4;
        int size = (int) be(position + 1, bytes);
        position += 1 + bytes;
        return size;
    }

    /** A map key; a non-string key is skipped and read as "", which matches no field. */
    String key() {
        if (nextType() == ValueType.STRING) {
            return readString(true);
        }
        skip();
        return "";
    }

    String string(FieldProblems problems, String prefix, String name) throws ProtocolException {
        return switch (nextType()) {
            case STRING -> readString(false);
            case NIL -> {
                nil();
                yield null;
            }
            default -> {
                skip();
                problems.wrongType(prefix, name, "string");
                yield null;
            }
        };
    }

    /** A node id: as {@link #string}, shared with earlier equal ids when this reader interns them. */
    String nodeId(FieldProblems problems, String prefix, String name) throws ProtocolException {
        if (nextType() != ValueType.STRING) {
            return string(problems, prefix, name);
        }
        int length = payloadHeader();
        int start = position;
        position += length;
        return internNodeIds ? NodeIds.canonical(frame, start, length)
                : NodeIds.known(frame, start, length);
    }

    /** The signed integer next, known to be one; a uint64 above {@link Long#MAX_VALUE} reads as -1. */
    private long integer() {
        int m = marker();
        if (m <= 0x7f) {
            position++;
            return m;
        }
        if (m >= 0xe0) {
            position++;
            return (byte) m;
        }
        long value = switch (m) {
            case 0xcc -> be(position + 1, 1);
            case 0xcd -> be(position + 1, 2);
            case 0xce -> be(position + 1, 4);
            case 0xcf -> be(position + 1, 8) < 0 ? -1 : be(position + 1, 8);
            case 0xd0 -> (byte) be(position + 1, 1);
            case 0xd1 -> (short) be(position + 1, 2);
            case 0xd2 -> (int) be(position + 1, 4);
            default -> be(position + 1, 8);
        };
        position += 1 + switch (m) {
            case 0xcc, 0xd0 -> 1;
            case 0xcd, 0xd1 -> 2;
            case 0xce, 0xd2 -> 4;
            default -> 8;
        };
        return value;
    }

    /** The float next, known to be one. */
    private double floating() {
        if (marker() == 0xca) {
            double value = Float.intBitsToFloat((int) be(position + 1, 4));
            position += 5;
            return value;
        }
        double value = Double.longBitsToDouble(be(position + 1, 8));
        position += 9;
        return value;
    }

    /**
     * An integer in [0, max]: any MessagePack integer width, or a whole float64 (msgpackr sends
     * every number above 2^32 as a double). Anything else, or out of range, is a wrong type.
     */
    long uint(FieldProblems problems, String prefix, String name, long max) throws ProtocolException {
        long value;
        switch (nextType()) {
            case INTEGER -> value = integer();
            case FLOAT -> {
                double d = floating();
                value = d >= 0 && d < TWO_POW_63 && d == Math.rint(d) ? (long) d : -1;
            }
            case NIL -> {
                nil();
                return ABSENT;
            }
            default -> {
                skip();
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
    Long optionalUint(FieldProblems problems, String prefix, String name, long max) throws ProtocolException {
        long value = uint(problems, prefix, name, max);
        return value == ABSENT ? null : value;
    }

    Boolean bool(FieldProblems problems, String prefix, String name) throws ProtocolException {
        return switch (nextType()) {
            case BOOLEAN -> frame[position++] == (byte) 0xc3;
            case NIL -> {
                nil();
                yield null;
            }
            default -> {
                skip();
                problems.wrongType(prefix, name, "boolean");
                yield null;
            }
        };
    }

    /** Any MessagePack number as a double; null when nil or wrongly typed. */
    Double number(FieldProblems problems, String prefix, String name) throws ProtocolException {
        return switch (nextType()) {
            case INTEGER -> {
                if (marker() == 0xcf) {
                    double d = new BigInteger(1, Arrays.copyOfRange(frame, position + 1, position + 9)).doubleValue();
                    position += 9;
                    yield d;
                }
                yield (double) integer();
            }
            case FLOAT -> floating();
            case NIL -> {
                nil();
                yield null;
            }
            default -> {
                skip();
                problems.wrongType(prefix, name, "number");
                yield null;
            }
        };
    }

    /** A map header, or -1 when the value is nil or (reported) not a map. */
    int mapHeader(FieldProblems problems, String prefix, String name) throws ProtocolException {
        return containerHeader(problems, prefix, name, ValueType.MAP);
    }

    /** An array header, or -1 when the value is nil or (reported) not an array. */
    int arrayHeader(FieldProblems problems, String prefix, String name) throws ProtocolException {
        return containerHeader(problems, prefix, name, ValueType.ARRAY);
    }

    private int containerHeader(FieldProblems problems, String prefix, String name, ValueType type)
            throws ProtocolException {
        ValueType next = nextType();
        if (next == type) {
            return type == ValueType.MAP ? mapHeader() : arrayHeaderKnown();
        }
        if (next == ValueType.NIL) {
            nil();
            return -1;
        }
        skip();
        problems.wrongType(prefix, name, type == ValueType.MAP ? "map" : "array");
        return -1;
    }

    byte[] binary(FieldProblems problems, String prefix, String name) throws ProtocolException {
        return switch (nextType()) {
            case BINARY -> {
                int length = payloadHeader();
                position += length;
                yield Arrays.copyOfRange(frame, position - length, position);
            }
            case NIL -> {
                nil();
                yield null;
            }
            default -> {
                skip();
                problems.wrongType(prefix, name, "binary");
                yield null;
            }
        };
    }

    /**
     * The exact bytes of the next value, whatever it is (nil included), cut from the frame by
     * position. The same pass checks that the value can be read as data; one that cannot (a
     * timestamp extension of the wrong size, say) is reported and reads as null, so it is stored
     * nowhere.
     */
    RecordValue raw(FieldProblems problems, String prefix, String name) throws ProtocolException {
        int start = position;
        int end = ValueWalk.checkedEnd(frame, start);
        if (end < 0) {
            position = ValueWalk.end(frame, start);
            problems.report("field " + FieldProblems.path(prefix, name) + " is not readable data: "
                    + ValueWalk.describe(frame, -2 - end));
            return null;
        }
        position = end;
        return RecordValue.ofBytes(Arrays.copyOfRange(frame, start, end));
    }

    /** As {@link #raw}, but nil reads as null (an LWW tombstone, a LEAVE update). */
    RecordValue rawOrNull(FieldProblems problems, String prefix, String name) throws ProtocolException {
        if (nextIsNil()) {
            nil();
            return null;
        }
        return raw(problems, prefix, name);
    }

    /** The next value as a tree; only for values that are not on the write hot path. */
    Value value() throws IOException {
        try (MessageUnpacker in = CONFIG.newUnpacker(frame, position, frame.length - position)) {
            Value value = in.unpackValue();
            position += (int) in.getTotalReadBytes();
            return value;
        }
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
            if (nextType() == ValueType.STRING) {
                list.add(readString(false));
            } else {
                skip();
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
