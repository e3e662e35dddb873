package dev.syncbench.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.common.buffers.DataReader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client frames as the bytes a client sends, read back the way the connection reads them. */
class ClientFrameReaderTest {
    private static final int MAX = 1 << 20;
    private static final byte[] KEY = {(byte) 0x9c, 0x37, (byte) 0xe1, 0x04};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 125, 126, 127, 65535, 65536, 100_003})
    void payloadOfAnyLengthIsUnmaskedExactly(int length) {
        byte[] payload = randomBytes(length, length);
        ClientFrame frame = reader(MAX, frame(true, ClientFrame.BINARY, payload, KEY)).read();
        assertEquals(ClientFrame.BINARY, frame.opcode());
        assertTrue(frame.fin());
        assertArrayEquals(payload, frame.payload());
    }

    @Test
    void lengthsUseTheShortest7And16And64BitForms() {
        assertEquals(2 + 4, frame(true, ClientFrame.BINARY, new byte[125], KEY).length - 125);
        assertEquals(4 + 4, frame(true, ClientFrame.BINARY, new byte[126], KEY).length - 126);
        assertEquals(4 + 4, frame(true, ClientFrame.BINARY, new byte[65535], KEY).length - 65535);
        assertEquals(10 + 4, frame(true, ClientFrame.BINARY, new byte[65536], KEY).length - 65536);
    }

    @Test
    void a64BitLengthHoldingASmallValueIsRead() {
        byte[] payload = randomBytes(300, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x82);
        out.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (300L >>> shift));
        }
        out.writeBytes(KEY);
        out.writeBytes(masked(payload, KEY));
        assertArrayEquals(payload, reader(MAX, out.toByteArray()).read().payload());
    }

    @Test
    void unmaskingKeepsTheKeyPhaseAcrossWordBoundariesWhatEverTheKey() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            byte[] key = new byte[4];
            random.nextBytes(key);
            byte[] payload = randomBytes(random.nextInt(40), round);
            assertArrayEquals(payload, reader(MAX, frame(true, ClientFrame.BINARY, payload, key)).read().payload(),
                    "key " + Arrays.toString(key) + ", length " + payload.length);
        }
    }

    @Test
    void fragmentsAndAControlFrameBetweenThemAreReadInOrderWithTheirFlags() {
        byte[] first = randomBytes(10, 1);
        byte[] ping = {1, 2, 3};
        byte[] last = randomBytes(13, 2);
        ClientFrameReader reader = reader(MAX, frame(false, ClientFrame.BINARY, first, KEY),
                frame(true, ClientFrame.PING, ping, KEY), frame(true, ClientFrame.CONTINUATION, last, KEY));
        ClientFrame a = reader.read();
        ClientFrame b = reader.read();
        ClientFrame c = reader.read();
        assertEquals(ClientFrame.BINARY, a.opcode());
        assertFalse(a.fin());
        assertArrayEquals(first, a.payload());
        assertEquals(ClientFrame.PING, b.opcode());
        assertArrayEquals(ping, b.payload());
        assertEquals(ClientFrame.CONTINUATION, c.opcode());
        assertTrue(c.fin());
        assertArrayEquals(last, c.payload());
    }

    @Test
    void aFrameOverTheLimitIsRefusedWith1009BeforeItsPayloadIsRead() {
        byte[] header = Arrays.copyOf(frame(true, ClientFrame.BINARY, new byte[1001], KEY), 8);
        FrameProtocolException refused = assertThrows(FrameProtocolException.class, () -> reader(1000, header).read());
        assertEquals(1009, refused.closeCode());
    }

    @Test
    void aFrameAtTheLimitIsRead() {
        assertEquals(1000, reader(1000, frame(true, ClientFrame.BINARY, new byte[1000], KEY)).read().payload().length);
    }

    @Test
    void anUnmaskedClientFrameIsRefusedWith1002() {
        byte[] unmasked = {(byte) 0x82, 3, 1, 2, 3};
        assertEquals(1002, assertThrows(FrameProtocolException.class, () -> reader(MAX, unmasked).read()).closeCode());
    }

    @Test
    void reservedBitsAUnknownOpcodeAndANegativeLengthAreRefusedWith1002() {
        byte[] reserved = {(byte) 0xC2, (byte) 0x80, 0, 0, 0, 0};
        byte[] unknownOpcode = {(byte) 0x83, (byte) 0x80, 0, 0, 0, 0};
        byte[] negative = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
        for (byte[] bad : new byte[][] {reserved, unknownOpcode, negative}) {
            assertEquals(1002, assertThrows(FrameProtocolException.class, () -> reader(MAX, bad).read()).closeCode());
        }
    }

    @Test
    void aControlFrameOver125BytesOrFragmentedIsRefusedWith1002() {
        byte[] longPing = frame(true, ClientFrame.PING, new byte[126], KEY);
        byte[] fragmentedPing = frame(false, ClientFrame.PING, new byte[3], KEY);
        byte[] longClose = frame(true, ClientFrame.CLOSE, new byte[200], KEY);
        for (byte[] bad : new byte[][] {longPing, fragmentedPing, longClose}) {
            assertEquals(1002, assertThrows(FrameProtocolException.class, () -> reader(MAX, bad).read()).closeCode());
        }
        assertEquals(125, reader(MAX, frame(true, ClientFrame.PING, new byte[125], KEY)).read().payload().length);
    }

    @Test
    void aSocketEndingInsideAFrameEndsTheRead() {
        byte[] cut = Arrays.copyOf(frame(true, ClientFrame.BINARY, new byte[50], KEY), 20);
        assertThrows(DataReader.InsufficientDataAvailableException.class, () -> reader(MAX, cut).read());
    }

    /** The frame a client sends; its payload masked with {@code key}. */
    static byte[] frame(boolean fin, int opcode, byte[] payload, byte[] key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int length = payload.length;
        if (length < 126) {
            out.write(0x80 | length);
        } else if (length < 65536) {
            out.write(0x80 | 126);
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >>> shift));
            }
        }
        out.writeBytes(key);
        out.writeBytes(masked(payload, key));
        return out.toByteArray();
    }

    private static byte[] masked(byte[] payload, byte[] key) {
        byte[] out = payload.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] ^= key[i % 4];
        }
        return out;
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A reader over the given bytes, handed out in odd-sized chunks as a socket would, then the end. */
    private static ClientFrameReader reader(int maxFrameBytes, byte[]... frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            all.writeBytes(f);
        }
        byte[] bytes = all.toByteArray();
        Deque<byte[]> chunks = new ArrayDeque<>();
        for (int at = 0, size = 5; at < bytes.length; at += size, size = size * 3 % 1021 + 1) {
            chunks.add(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + size)));
        }
        return new ClientFrameReader(DataReader.create(chunks::poll), maxFrameBytes);
    }
}
