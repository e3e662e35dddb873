package dev.syncbench.simulations.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes one connection's OP_BATCH frames straight into MessagePack bytes: constant parts are
 * pre-encoded once, and only the numbers and the digits of ids and keys are written per op. The
 * load generator shares the machine with the server, so every microsecond per send counts.
 *
 * <p>The frame is TopGun's harness payload: {@code {type:"OP_BATCH", payload:{ops:[{id, mapName:"<map>",
 * key:"conn-<c>-<seq>", record:{value:{v:seq}, timestamp:{millis:now, counter:seq, nodeId:"<map>-<c>"}}}]}}},
 * plus an op id {@code "<c>-<seq>"} unique per run, so the ack's lastId names its batch. The map is
 * {@value #DEFAULT_MAP} unless the run names its own ({@code -Dmap}, one per injector loading one server);
 * the node id carries it, so two injectors' connections {@code c} never stamp alike. Another
 * {@link KeyPlan} may name the keys (owner routing); the value stays {@code {v:seq}}.
 * Not thread-safe: one encoder per connection.
 */
public final class BatchEncoder {
    /** The map batches write to unless the run names another ({@code -Dmap}). */
    public static final String DEFAULT_MAP = "bench";
    private static final byte[] HEADER = concat(fixMap(2), str("type"), str("OP_BATCH"), str("payload"),
            fixMap(1), str("ops"));
    private static final byte[] OP_START = concat(fixMap(4), str("id"));
    private static final byte[] AFTER_KEY = concat(str("record"), fixMap(2), str("value"), fixMap(1), str("v"));
    private static final byte[] AFTER_V = concat(str("timestamp"), fixMap(3), str("millis"));
    private static final byte[] AFTER_MILLIS = str("counter");

    private final long connection;
    private final int batchSize;
    private final KeyPlan keys;
    private final byte[] idPrefix;
    /** {@code mapName:"<map>", key}: pre-encoded per encoder, so naming the map costs nothing per op. */
    private final byte[] afterId;
    private final byte[] keyPrefix;
    private final byte[] nodeIdField;
    private byte[] buffer = new byte[1024];
    private int position;
    private long nextSeq;
    private final byte[] lastId = new byte[40];
    private int lastIdLength;

    public BatchEncoder(long connection, int batchSize) {
        this(connection, batchSize, KeyPlan.SEQUENTIAL, DEFAULT_MAP);
    }

    /** An encoder whose ops write the keys {@code keys} names (a non-sequential plan costs a String per op). */
    public BatchEncoder(long connection, int batchSize, KeyPlan keys) {
        this(connection, batchSize, keys, DEFAULT_MAP);
    }

    /** An encoder whose ops write the keys {@code keys} names into the map {@code mapName} (printable ASCII). */
    public BatchEncoder(long connection, int batchSize, KeyPlan keys, String mapName) {
        this.connection = connection;
        this.batchSize = batchSize;
        this.keys = keys;
        this.idPrefix = ascii(connection + "-");
        this.afterId = concat(str("mapName"), str(mapName), str("key"));
        this.keyPrefix = ascii("conn-" + connection + "-");
        this.nodeIdField = concat(str("nodeId"), str(nodeId(mapName, connection)));
    }

    /** The node id in the timestamps of connection {@code connection}'s ops into {@code mapName}. */
    public static String nodeId(String mapName, long connection) {
        return mapName + "-" + connection;
    }

    /** The next batch, ready to send; its last op id is then {@link #lastId()}. */
    public byte[] nextBatch(long nowMillis) {
        position = 0;
        write(HEADER);
        writeArrayHeader(batchSize);
        for (int i = 0; i < batchSize; i++) {
            long seq = nextSeq++;
            write(OP_START);
            int idStart = position;
            writeNumberedString(idPrefix, seq);
            if (i == batchSize - 1) {
                rememberLastId(idStart);
            }
            write(afterId);
            if (keys.sequential()) {
                writeNumberedString(keyPrefix, seq);
            } else {
                writeAsciiString(keys.key(connection, seq));
            }
            write(AFTER_KEY);
            writeUnsigned(seq);
            write(AFTER_V);
            writeUnsigned(nowMillis);
            write(AFTER_MILLIS);
            writeUnsigned(seq & 0xFFFF_FFFFL);
            write(nodeIdField);
        }
        return Arrays.copyOf(buffer, position);
    }

    /** The key of op {@code seq} of a connection's batches; its value is {@code {v: seq}}. */
    public static String key(long connection, long seq) {
        return "conn-" + connection + "-" + seq;
    }

    /** The UTF-8 bytes of the last op id of the batch built last (valid up to {@link #lastIdLength()}). */
    public byte[] lastId() {
        return lastId;
    }

    public int lastIdLength() {
        return lastIdLength;
    }

    private void rememberLastId(int idStart) {
        int headerLength = (buffer[idStart] & 0xE0) == 0xA0 ? 1 : 2;
        lastIdLength = position - idStart - headerLength;
        System.arraycopy(buffer, idStart + headerLength, lastId, 0, lastIdLength);
    }

    private void writeNumberedString(byte[] prefix, long number) {
        int digits = digits(number);
        int length = prefix.length + digits;
        if (length < 32) {
            ensure(1 + length);
            buffer[position++] = (byte) (0xA0 | length);
        } else {
            ensure(2 + length);
            buffer[position++] = (byte) 0xD9;
            buffer[position++] = (byte) length;
        }
        System.arraycopy(prefix, 0, buffer, position, prefix.length);
        position += prefix.length;
        int end = position + digits;
        long rest = number;
        for (int i = end - 1; i >= position; i--) {
            buffer[i] = (byte) ('0' + (int) (rest % 10));
            rest /= 10;
        }
        position = end;
    }

    private void writeAsciiString(String text) {
        int length = text.length();
        if (length >= 256) {
            throw new IllegalArgumentException("key too long: " + text);
        }
        ensure(2 + length);
        if (length < 32) {
            buffer[position++] = (byte) (0xA0 | length);
        } else {
            buffer[position++] = (byte) 0xD9;
            buffer[position++] = (byte) length;
        }
        for (int i = 0; i < length; i++) {
            buffer[position++] = (byte) text.charAt(i);
        }
    }

    private void writeUnsigned(long value) {
        ensure(9);
        if (value < 128) {
            buffer[position++] = (byte) value;
        } else if (value < 256) {
            buffer[position++] = (byte) 0xCC;
            buffer[position++] = (byte) value;
        } else if (value < 65_536) {
            buffer[position++] = (byte) 0xCD;
            writeBigEndian(value, 2);
        } else if (value < 4_294_967_296L) {
            buffer[position++] = (byte) 0xCE;
            writeBigEndian(value, 4);
        } else {
            buffer[position++] = (byte) 0xCF;
            writeBigEndian(value, 8);
        }
    }

    private void writeArrayHeader(int size) {
        ensure(5);
        if (size < 16) {
            buffer[position++] = (byte) (0x90 | size);
        } else if (size < 65_536) {
            buffer[position++] = (byte) 0xDC;
            writeBigEndian(size, 2);
        } else {
            buffer[position++] = (byte) 0xDD;
            writeBigEndian(size, 4);
        }
    }

    private void writeBigEndian(long value, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    private void write(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }

    private static int digits(long number) {
        int digits = 1;
        for (long rest = number / 10; rest > 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    private static byte[] fixMap(int size) {
        return new byte[] {(byte) (0x80 | size)};
    }

    private static byte[] str(String text) {
        byte[] bytes = ascii(text);
        if (bytes.length >= 256) {
            throw new IllegalArgumentException("constant string too long: " + text);
        }
        byte[] header = bytes.length < 32 ? new byte[] {(byte) (0xA0 | bytes.length)}
                : new byte[] {(byte) 0xD9, (byte) bytes.length};
        return concat(header, bytes);
    }

    private static byte[] ascii(String text) {
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            throw new IllegalArgumentException("not ASCII: " + text);
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
