package dev.syncbench.simulations.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

class AckReaderTest {
    private static final byte[] ID = "7-19".getBytes(StandardCharsets.US_ASCII);

    @Test
    void recognisesTheAckOfItsBatch() throws IOException {
        assertTrue(AckReader.isAckFor(ack(false, false, "7-19"), ID, ID.length));
    }

    @Test
    void recognisesItWhateverTheKeyOrderHeaderWidthOrExtraFields() throws IOException {
        assertTrue(AckReader.isAckFor(ack(true, true, "7-19"), ID, ID.length));
    }

    @Test
    void refusesTheAckOfAnotherBatch() throws IOException {
        assertFalse(AckReader.isAckFor(ack(false, false, "7-9"), ID, ID.length));
        assertFalse(AckReader.isAckFor(ack(false, false, "7-190"), ID, ID.length));
    }

    @Test
    void refusesOtherMessagesCarryingTheSameId() throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2).packString("type").packString("OP_REJECTED")
                    .packString("payload").packMapHeader(1).packString("lastId").packString("7-19");
            assertFalse(AckReader.isAckFor(packer.toByteArray(), ID, ID.length));
        }
    }

    @Test
    void malformedFramesAreNoAck() {
        assertFalse(AckReader.isAckFor(new byte[0], ID, ID.length));
        assertFalse(AckReader.isAckFor(new byte[] {(byte) 0x82, (byte) 0xA4, 't'}, ID, ID.length));
        assertFalse(AckReader.isAckFor(new byte[] {(byte) 0xC1}, ID, ID.length));
        assertEquals("", AckReader.typeOf(new byte[] {(byte) 0x93, 1, 2, 3}));
    }

    @Test
    void tellsTheTypeAndDescribesErrors() throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2).packString("payload").packMapHeader(2)
                    .packString("code").packInt(429).packString("message").packString("slow down")
                    .packString("type").packString("ERROR");
            byte[] error = packer.toByteArray();
            assertEquals("ERROR", AckReader.typeOf(error));
            assertEquals("ERROR 429 slow down", AckReader.describe(error));
        }
    }

    /** An OP_ACK, optionally with payload before type, map16 headers and fields to skip. */
    private static byte[] ack(boolean payloadFirst, boolean wide, String lastId) throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            if (wide) {
                packer.addPayload(new byte[] {(byte) 0xDE, 0, 3});
            } else {
                packer.packMapHeader(2);
            }
            if (!payloadFirst) {
                packer.packString("type").packString("OP_ACK");
            }
            packer.packString("payload");
            if (wide) {
                packer.addPayload(new byte[] {(byte) 0xDE, 0, 3});
                packer.packString("results").packArrayHeader(1).packMapHeader(2)
                        .packString("opId").packString("7-19").packString("success").packBoolean(false);
                packer.packString("achievedLevel").packString("APPLIED");
            } else {
                packer.packMapHeader(2).packString("achievedLevel").packString("APPLIED");
            }
            packer.packString("lastId").packString(lastId);
            if (payloadFirst) {
                packer.packString("type").packString("OP_ACK");
            }
            if (wide) {
                packer.packString("extra").packExtensionTypeHeader((byte) 1, 4).addPayload(new byte[4]);
            }
            return packer.toByteArray();
        }
    }
}
