package dev.syncbench.net;

import io.helidon.common.buffers.DataReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads client frames off a connection's socket (RFC 6455 section 5.2). The payload is copied once,
 * into the array the decoder reads, and unmasked there eight bytes at a time: the per-byte
 * unmasking through buffer interfaces it replaces was a quarter of the server's CPU under load.
 *
 * <p>Checks in the order the server always made them: reserved bits and the opcode, then the
 * length against the frame limit, then the mask.
 */
final class ClientFrameReader {
    static final int PROTOCOL_ERROR = 1002;
    static final int TOO_BIG = 1009;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte[] EMPTY = new byte[0];

    private final DataReader reader;
    private final int maxFrameBytes;

    ClientFrameReader(DataReader reader, int maxFrameBytes) {
        this.reader = reader;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Blocks until a whole frame has arrived.
     *
     * @throws FrameProtocolException for a frame the server refuses
     * @throws io.helidon.common.buffers.DataReader.InsufficientDataAvailableException when the socket ends
     */
    ClientFrame read() {
        int first = reader.read();
        boolean fin = (first & 0x80) != 0;
        if ((first & 0x70) != 0) {
            throw new FrameProtocolException(PROTOCOL_ERROR, "Extension flags defined where none should be");
        }
        int opcode = first & 0x0f;
        if (!isKnown(opcode)) {
            throw new FrameProtocolException(PROTOCOL_ERROR, "Unknown opcode " + opcode);
        }
        int second = reader.read();
        boolean masked = (second & 0x80) != 0;
        long length = second & 0x7f;
        if (length == 126) {
            length = (reader.read() & 0xffL) << 8 | (reader.read() & 0xffL);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = length << 8 | (reader.read() & 0xffL);
            }
        }
        if (length < 0) {
            throw new FrameProtocolException(PROTOCOL_ERROR, "Negative payload length");
        }
        if (opcode >= ClientFrame.CLOSE && (length > 125 || !fin)) {
            // RFC 6455 5.5: a close, ping or pong is whole and at most 125 bytes (a pong echoes it)
            throw new FrameProtocolException(PROTOCOL_ERROR, "Control frame fragmented or over 125 bytes");
        }
        if (length > maxFrameBytes) {
            throw new FrameProtocolException(TOO_BIG, "Payload too large");
        }
        if (!masked) {
            throw new FrameProtocolException(PROTOCOL_ERROR, "Unmasked client frame");
        }
        int mask = (reader.read() & 0xff) << 24 | (reader.read() & 0xff) << 16
                | (reader.read() & 0xff) << 8 | (reader.read() & 0xff);
        byte[] payload = length == 0 ? EMPTY : reader.readBytes((int) length);
        unmask(payload, mask);
        return new ClientFrame(opcode, fin, payload);
    }

    private static boolean isKnown(int opcode) {
        return opcode <= ClientFrame.BINARY || (opcode >= ClientFrame.CLOSE && opcode <= ClientFrame.PONG);
    }

    /** XORs the payload in place with the 4-byte key, which repeats from the payload's first byte. */
    static void unmask(byte[] payload, int mask) {
        long wide = (mask & 0xffffffffL) << 32 | (mask & 0xffffffffL);
        int words = payload.length & ~7;
        int i = 0;
        for (; i < words; i += 8) {
            LONGS.set(payload, i, (long) LONGS.get(payload, i) ^ wide);
        }
        for (; i < payload.length; i++) {
            payload[i] ^= (byte) (mask >>> (24 - 8 * (i & 3)));
        }
    }
}
