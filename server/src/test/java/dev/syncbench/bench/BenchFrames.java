package dev.syncbench.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** OP_BATCH frames shaped like TopGun's load harness: 10 PUTs on map "bench", value {v: seq}. */
final class BenchFrames {
    private BenchFrames() {
    }

    static byte[] opBatch(int connection, int firstSeq, int batchSize, long millis) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2);
            p.packString("type").packString("OP_BATCH");
            p.packString("payload").packMapHeader(1);
            p.packString("ops").packArrayHeader(batchSize);
            for (int i = 0; i < batchSize; i++) {
                int seq = firstSeq + i;
                p.packMapHeader(4);
                p.packString("id").packString(Integer.toString(seq));
                p.packString("mapName").packString("bench");
                p.packString("key").packString("conn-" + connection + "-" + seq);
                p.packString("record").packMapHeader(2);
                p.packString("value").packMapHeader(1).packString("v").packInt(seq);
                p.packString("timestamp").packMapHeader(3);
                p.packString("millis").packDouble(millis); // as TopGun's TS client sends millis
                p.packString("counter").packInt(seq);
                p.packString("nodeId").packString("bench-" + connection);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
