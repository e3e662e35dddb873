package dev.syncbench.protocol;

import static dev.syncbench.protocol.Frames.field;
import static dev.syncbench.protocol.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Integer fields take any MessagePack integer width or a whole float64, and nothing else. */
class IntegerFieldsTest {
    private final MessageCodec codec = new MessageCodec();

    /** A PING whose timestamp is written raw: the bytes after the "timestamp" key. */
    private static byte[] pingWithRawTimestamp(byte... encodedTimestamp) {
        return frame(out -> {
            out.packMapHeader(2);
            field(out, "type", "PING");
            out.packString("timestamp");
            out.writePayload(encodedTimestamp);
        });
    }

    private long pingTimestamp(String hex) throws ProtocolException {
        return ((Ping) codec.decode(pingWithRawTimestamp(java.util.HexFormat.ofDelimiter(" ").parseHex(hex)))).timestamp();
    }

    private String rejection(byte... encodedTimestamp) {
        return assertThrows(ProtocolException.class, () -> codec.decode(pingWithRawTimestamp(encodedTimestamp))).getMessage();
    }

    @Test
    void everyIntegerWidthIsAccepted() throws ProtocolException {
        assertEquals(5, pingTimestamp("05"));                              // positive fixint
        assertEquals(200, pingTimestamp("cc c8"));                         // uint8
        assertEquals(0x1234, pingTimestamp("cd 12 34"));                   // uint16
        assertEquals(0x12345678L, pingTimestamp("ce 12 34 56 78"));        // uint32
        assertEquals(1_700_000_000_000L, pingTimestamp("cf 00 00 01 8b cf e5 68 00")); // uint64
        assertEquals(7, pingTimestamp("d0 07"));                           // int8 holding a positive value
        assertEquals(300, pingTimestamp("d1 01 2c"));                      // int16
        assertEquals(70000, pingTimestamp("d2 00 01 11 70"));              // int32
        assertEquals(1_700_000_000_000L, pingTimestamp("d3 00 00 01 8b cf e5 68 00")); // int64
    }

    @Test
    void aWholeFloat64IsAnInteger() throws ProtocolException {
        // msgpackr's encoding of 1700000000000 (reference, appendix A)
        assertEquals(1_700_000_000_000L, pingTimestamp("cb 42 78 bc fe 56 80 00 00"));
        assertEquals(42, pingTimestamp("ca 42 28 00 00"));                 // float32 42.0
    }

    @Test
    void aFractionalFloatIsAWrongType() {
        byte[] halfAndOne = frame(out -> out.packDouble(1.5));
        assertEquals("wrong type for field: timestamp (expected integer)", rejection(halfAndOne));
    }

    @Test
    void negativeAndOutOfRangeValuesAreWrongTypes() {
        assertEquals("wrong type for field: timestamp (expected integer)", rejection(frame(out -> out.packLong(-1))));
        assertEquals("wrong type for field: timestamp (expected integer)",
                rejection(frame(out -> out.packBigInteger(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)))));
        assertEquals("wrong type for field: timestamp (expected integer)", rejection(frame(out -> out.packDouble(1e30))));
        assertEquals("wrong type for field: timestamp (expected integer)", rejection(frame(out -> out.packDouble(Double.NaN))));
    }

    @Test
    void nonNumbersAreWrongTypes() {
        assertEquals("wrong type for field: timestamp (expected integer)", rejection(frame(out -> out.packString("5"))));
        assertEquals("wrong type for field: timestamp (expected integer)", rejection(frame(out -> out.packBoolean(true))));
    }

    @Test
    void a32BitFieldRejectsValuesAbove32Bits() throws ProtocolException {
        byte[] op = Frames.clientOp(out -> {
            out.packMapHeader(3);
            field(out, "mapName", "m");
            field(out, "key", "k");
            out.packString("record");
            out.packMapHeader(2);
            field(out, "value", "v");
            out.packString("timestamp");
            out.packMapHeader(3);
            field(out, "millis", 1);
            field(out, "counter", 1L << 32);
            field(out, "nodeId", "n");
        });
        ClientOp decoded = ((ClientOpMessage) codec.decode(op)).op();
        assertEquals("wrong type for field: record.timestamp.counter (expected integer)", decoded.problem());
    }

    @Test
    void aRequiredIntegerThatIsMissingIsNamed() {
        byte[] ping = frame(out -> {
            out.packMapHeader(1);
            field(out, "type", "PING");
        });
        assertEquals("missing field: timestamp",
                assertThrows(ProtocolException.class, () -> codec.decode(ping)).getMessage());
    }
}
