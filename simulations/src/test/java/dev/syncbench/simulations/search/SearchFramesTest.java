package dev.syncbench.simulations.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/** The search frames as PROTOCOL.md §11 shapes them. */
class SearchFramesTest {

    @Test
    void aSearchSubAsksForTheLiveLimit() throws IOException {
        Map<Value, Value> frame = MessagePack.newDefaultUnpacker(SearchFrames.searchSub("s1", "docs", "topic3", 1000))
                .unpackValue().asMapValue().map();
        assertEquals("SEARCH_SUB", frame.get(key("type")).toString());
        Map<Value, Value> payload = frame.get(key("payload")).asMapValue().map();
        assertEquals("topic3", payload.get(key("query")).toString());
        assertEquals(1000, payload.get(key("options")).asMapValue().map().get(key("limit")).asIntegerValue().toInt());
    }

    @Test
    void readsTheKeysOfASearchResponse() throws IOException {
        byte[] frame = pack(packer -> {
            packer.packMapHeader(2).packString("type").packString("SEARCH_RESP");
            packer.packString("payload").packMapHeader(3).packString("requestId").packString("s1-4");
            packer.packString("results").packArrayHeader(2);
            for (String key : List.of("w1-0", "w2-5")) {
                packer.packMapHeader(4).packString("key").packString(key).packString("value").packNil();
                packer.packString("score").packDouble(1.5).packString("matchedTerms").packArrayHeader(0);
            }
            packer.packString("totalCount").packInt(2);
        });
        SearchFrames.Inbound inbound = SearchFrames.read(frame);
        assertEquals("SEARCH_RESP", inbound.type());
        assertEquals("s1-4", inbound.id());
        assertEquals(List.of("w1-0", "w2-5"), inbound.keys());
    }

    @Test
    void readsAnUpdatesKeyAndChange() throws IOException {
        byte[] frame = pack(packer -> {
            packer.packMapHeader(2).packString("type").packString("SEARCH_UPDATE");
            packer.packString("payload").packMapHeader(3).packString("subscriptionId").packString("search-2");
            packer.packString("key").packString("w1-10").packString("changeType").packString("ENTER");
        });
        SearchFrames.Inbound inbound = SearchFrames.read(frame);
        assertEquals("search-2", inbound.id());
        assertEquals(List.of("w1-10"), inbound.keys());
        assertEquals("ENTER", inbound.changeType());
    }

    @Test
    void anErrorIsTiedToTheRequestItsDetailsName() throws IOException {
        byte[] frame = pack(packer -> {
            packer.packMapHeader(2).packString("type").packString("ERROR");
            packer.packString("payload").packMapHeader(3).packString("code").packInt(400);
            packer.packString("message").packString("query is empty");
            packer.packString("details").packMapHeader(1).packString("requestId").packString("s1-9");
        });
        SearchFrames.Inbound inbound = SearchFrames.read(frame);
        assertEquals("s1-9", inbound.id());
        assertTrue(inbound.description().startsWith("ERROR 400 ") && inbound.description().contains("query is empty"),
                inbound.description());
    }

    @Test
    void garbageReadsAsNothing() {
        assertEquals("", SearchFrames.read(new byte[] {(byte) 0xC1}).type());
    }

    private interface Body {
        void write(MessageBufferPacker packer) throws IOException;
    }

    private static byte[] pack(Body body) throws IOException {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            body.write(packer);
            return packer.toByteArray();
        }
    }

    private static Value key(String name) {
        return ValueFactory.newString(name);
    }
}
