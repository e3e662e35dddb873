package dev.syncbench.protocol;

import static dev.syncbench.protocol.Frames.field;
import static dev.syncbench.protocol.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePacker;

/** Frames that cannot be a message at all fail with a ProtocolException the server turns into ERROR 400. */
class FrameErrorsTest {
    private final MessageCodec codec = new MessageCodec();

    private String rejection(byte[] frame) {
        return assertThrows(ProtocolException.class, () -> codec.decode(frame)).getMessage();
    }

    private static byte[] ping() {
        return frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "PING");
            field(out, "timestamp", 5);
        });
    }

    @Test
    void bytesThatAreNotMessagePackAreMalformed() {
        assertEquals("malformed frame", rejection(new byte[] {(byte) 0xc1}));
        assertEquals("malformed frame", rejection("hello, world".getBytes()));
    }

    @Test
    void anEmptyFrameIsMalformed() {
        assertEquals("malformed frame", rejection(new byte[0]));
    }

    @Test
    void aTruncatedFrameIsMalformed() {
        byte[] whole = ping();
        for (int length = 1; length < whole.length; length++) {
            assertEquals("malformed frame", rejection(Arrays.copyOf(whole, length)), "cut at " + length);
        }
    }

    @Test
    void aContainerClaimingMoreValuesThanTheFrameHoldsIsMalformed() {
        assertEquals("malformed frame", rejection(new byte[] {(byte) 0xdf, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
        assertEquals("malformed frame", rejection(new byte[] {(byte) 0xdd, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
    }

    @Test
    void trailingBytesAfterTheMessageAreMalformed() {
        byte[] whole = ping();
        byte[] withGarbage = Arrays.copyOf(whole, whole.length + 1);
        withGarbage[whole.length] = 0x01;
        assertEquals("malformed frame", rejection(withGarbage));
    }

    @Test
    void aFrameThatIsNotAMapIsMalformed() {
        assertEquals("malformed frame", rejection(frame(out -> out.packString("PING"))));
        assertEquals("malformed frame", rejection(frame(out -> out.packArrayHeader(0))));
        assertEquals("malformed frame", rejection(frame(out -> out.packInt(7))));
    }

    @Test
    void aMapWithoutTypeIsMalformed() {
        assertEquals("malformed frame", rejection(frame(out -> {
            out.packMapHeader(1);
            field(out, "timestamp", 5);
        })));
    }

    @Test
    void aTypeThatIsNotAStringIsMalformed() {
        assertEquals("malformed frame", rejection(frame(out -> {
            out.packMapHeader(1);
            field(out, "type", 3);
        })));
    }

    @Test
    void typeIsFoundWhereverItSitsInTheMap() throws ProtocolException {
        byte[] typeLast = frame(out -> {
            out.packMapHeader(3);
            out.packInt(1); // a non-string key is skipped with its value
            out.packArrayHeader(1);
            out.packInt(2);
            field(out, "timestamp", 5);
            field(out, "type", "PING");
        });
        assertEquals(new Ping(5), codec.decode(typeLast));
    }

    /** {type:"PING", timestamp:1, nested: [[...]]} with the whole frame {@code depth} containers deep. */
    private static byte[] pingNested(int depth) {
        return frame(out -> {
            out.packMapHeader(3);
            field(out, "type", "PING");
            field(out, "timestamp", 1);
            out.packString("nested");
            nestArrays(out, depth - 1);
        });
    }

    private static void nestArrays(MessagePacker out, int arrays) throws java.io.IOException {
        for (int i = 0; i < arrays; i++) {
            out.packArrayHeader(i == arrays - 1 ? 0 : 1);
        }
    }

    @Test
    void nestingOf256IsAccepted() throws ProtocolException {
        assertEquals(new Ping(1), codec.decode(pingNested(MessageCodec.MAX_DEPTH)));
    }

    @Test
    void nestingOf257IsRejected() {
        assertEquals("nesting deeper than 256", rejection(pingNested(MessageCodec.MAX_DEPTH + 1)));
    }

    @Test
    void maliciouslyDeepFramesAreRejectedWithoutRecursion() {
        assertEquals("nesting deeper than 256", rejection(pingNested(100_000)));
        byte[] bareArrays = frame(out -> nestArrays(out, 100_000));
        assertEquals("nesting deeper than 256", rejection(bareArrays));
        byte[] deepMaps = frame(out -> {
            for (int i = 0; i < 100_000; i++) {
                out.packMapHeader(1);
                out.packString("k");
            }
            out.packNil();
        });
        assertEquals("nesting deeper than 256", rejection(deepMaps));
    }

    @Test
    void aDeepValueInsideAnOpIsAFrameErrorNotAnOpProblem() {
        byte[] batch = Frames.opBatch(1, out -> {
            out.packMapHeader(1);
            out.packString("extra");
            nestArrays(out, 300);
        });
        assertEquals("nesting deeper than 256", rejection(batch));
    }

    @Test
    void unknownTypesAreKeptWithTheirBody() throws ProtocolException {
        byte[] frame = frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "CLUSTER_SUB_ACK");
            field(out, "x", 1);
        });
        Unrecognized message = assertInstanceOf(Unrecognized.class, codec.decode(frame));
        assertEquals("CLUSTER_SUB_ACK", message.type());
        assertEquals(frame.length, codec.encode(message).length);
    }
}
