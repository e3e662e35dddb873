package dev.syncbench.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Node ids are shared only for authenticated clients, and the shared ids are bounded by bytes. */
class NodeIdsTest {
    private final MessageCodec codec = new MessageCodec();

    private String nodeIdOf(String nodeId, boolean authenticated) throws ProtocolException {
        byte[] frame = Frames.opBatch(1, out -> {
            out.packMapHeader(4);
            Frames.field(out, "id", "1");
            Frames.field(out, "mapName", "m");
            Frames.field(out, "key", "k");
            out.packString("record");
            out.packMapHeader(2);
            Frames.field(out, "value", "v");
            out.packString("timestamp");
            Frames.timestamp(out, 1.7e12, 1, nodeId);
        });
        OpBatch batch = (OpBatch) codec.decode(frame, authenticated);
        return batch.ops().getFirst().record().timestamp().nodeId();
    }

    @Test
    void anUnauthenticatedFrameSharesNoNewNodeId() throws ProtocolException {
        String id = "anonymous-" + UUID.randomUUID();
        assertNotSame(nodeIdOf(id, false), nodeIdOf(id, false));
        assertEquals(id, nodeIdOf(id, false));
    }

    @Test
    void anAuthenticatedFrameSharesItsNodeIdWithLaterFrames() throws ProtocolException {
        String id = "writer-" + UUID.randomUUID();
        String first = nodeIdOf(id, true);
        assertSame(first, nodeIdOf(id, true));
        assertSame(first, nodeIdOf(id, false), "anyone may reuse a shared id");
    }

    @Test
    void aLongNodeIdIsNeverKept() throws ProtocolException {
        String id = "x".repeat(NodeIds.MAX_ID_BYTES + 1) + UUID.randomUUID();
        assertNotSame(nodeIdOf(id, true), nodeIdOf(id, true));
    }

    @Test
    void theSharedIdsStayWithinTheirByteBudget() {
        String prefix = UUID.randomUUID() + "-";
        for (int i = 0; i < NodeIds.MAX_SHARED; i++) {
            String id = prefix + "y".repeat(NodeIds.MAX_ID_BYTES - prefix.length() - 6) + String.format("%06d", i);
            byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            NodeIds.canonical(bytes, 0, bytes.length);
        }
        assertTrue(NodeIds.sharedBytes() <= NodeIds.MAX_SHARED_BYTES, NodeIds.sharedBytes() + " bytes");
        assertTrue(NodeIds.sharedCount() <= NodeIds.MAX_SHARED);
    }
}
