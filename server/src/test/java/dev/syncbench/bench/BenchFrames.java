package dev.syncbench.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * OP_BATCH frames shaped like TopGun's load harness: 10 PUTs on map "bench", value {v: seq}; or,
 * for the search variants, {v: seq, s: eight words} (a full-text index has text to analyse).
 */
final class BenchFrames {
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
        "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu"};
    private static final int TEXT_WORDS = 8;

    private BenchFrames() {
    }

    static byte[] opBatch(int connection, int firstSeq, int batchSize, long millis) {
        return opBatch(connection, firstSeq, batchSize, millis, false);
    }

    static byte[] opBatch(int connection, int firstSeq, int batchSize, long millis, boolean withText) {
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
                if (withText) {
                    p.packString("value").packMapHeader(2).packString("v").packInt(seq)
                            .packString("s").packString(text(connection, seq));
                } else {
                    p.packString("value").packMapHeader(1).packString("v").packInt(seq);
                }
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

    /** Eight words picked by a hash of the op, so records differ but the frames are the same every run. */
    private static String text(int connection, int seq) {
        StringBuilder text = new StringBuilder();
        long state = connection * 0x9E3779B97F4A7C15L + seq;
        for (int i = 0; i < TEXT_WORDS; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS[(int) ((state >>> 33) % WORDS.length)]);
        }
        return text.toString();
    }
}
