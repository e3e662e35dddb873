package dev.syncbench.simulations.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

class EventReaderTest {

    @Test
    void readsTheSendTimeOfAServerEvent() throws IOException {
        EventReader.Inbound inbound = EventReader.read(serverEvent(true, -123_456_789L));
        assertEquals("SERVER_EVENT", inbound.type());
        assertTrue(inbound.hasSendTime());
        assertEquals(-123_456_789L, inbound.sendNanos());
        assertEquals("w1-0", inbound.keyText());
    }

    @Test
    void findsTheTypeAfterThePayload() throws IOException {
        EventReader.Inbound inbound = EventReader.read(serverEvent(false, 42));
        assertEquals("SERVER_EVENT", inbound.type());
        assertEquals(42, inbound.sendNanos());
    }

    @Test
    void anEventWhoseValueHasNoSendTimeSaysSo() throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2).packString("type").packString("SERVER_EVENT");
            packer.packString("payload").packMapHeader(1).packString("record").packMapHeader(1)
                    .packString("value").packString("plain");
            EventReader.Inbound inbound = EventReader.read(packer.toByteArray());
            assertEquals("SERVER_EVENT", inbound.type());
            assertFalse(inbound.hasSendTime());
        }
    }

    @Test
    void otherFramesGiveTheirTypeOnly() throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2).packString("type").packString("QUERY_UPDATE");
            packer.packString("payload").packMapHeader(1).packString("value").packMapHeader(1)
                    .packString("t").packLong(7);
            EventReader.Inbound inbound = EventReader.read(packer.toByteArray());
            assertEquals("QUERY_UPDATE", inbound.type());
            assertFalse(inbound.hasSendTime());
        }
    }

    @Test
    void malformedFramesHaveNoType() {
        assertEquals("", EventReader.read(new byte[] {(byte) 0x81, (byte) 0xA4, 't'}).type());
        assertEquals("", EventReader.read(new byte[] {(byte) 0xC1}).type());
    }

    /** {@code {type, payload:{mapName, eventType, key, record:{value:{v, t}, timestamp}}}}, type first or last. */
    private static byte[] serverEvent(boolean typeFirst, long sendNanos) throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(2);
            if (typeFirst) {
                packer.packString("type").packString("SERVER_EVENT");
            }
            packer.packString("payload").packMapHeader(4);
            packer.packString("mapName").packString("fanout");
            packer.packString("eventType").packString("PUT");
            packer.packString("key").packString("w1-0");
            packer.packString("record").packMapHeader(2);
            packer.packString("value").packMapHeader(2).packString("v").packLong(0).packString("t").packLong(sendNanos);
            packer.packString("timestamp").packMapHeader(3).packString("millis").packLong(1_700_000_000_000L)
                    .packString("counter").packLong(0).packString("nodeId").packString("server");
            if (!typeFirst) {
                packer.packString("type").packString("SERVER_EVENT");
            }
            return packer.toByteArray();
        }
    }
}
