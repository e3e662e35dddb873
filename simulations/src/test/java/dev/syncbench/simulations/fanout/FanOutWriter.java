package dev.syncbench.simulations.fanout;

import dev.syncbench.simulations.wire.AckReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * One writer connection's state: it builds OP_BATCH frames of PUTs on the watched map whose values
 * carry their send time, {@code {v: seq, t: System.nanoTime()}}, so a subscriber in the same JVM
 * can time the delivery; and it recognises the OP_ACK of its last batch by its lastId.
 * Keys and op ids are {@code w<c>-<seq>}, unique per run, so every write is a change that fans out.
 * Gatling runs a user's actions one at a time; the ack check runs on the socket's event loop,
 * hence the volatile field that publishes each send.
 */
public final class FanOutWriter {
    private final String mapName;
    private final int batchSize;
    private final String prefix;
    private final String nodeId;
    private final long deadlineNanos;
    private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    private long nextSeq;
    private byte[] lastId = new byte[0];
    private volatile long sentNanos;

    /** {@code deadlineNanos} ({@link System#nanoTime()}): no batch is started after it. */
    public FanOutWriter(long connection, String mapName, int batchSize, long deadlineNanos) {
        this.mapName = mapName;
        this.batchSize = batchSize;
        this.prefix = "w" + connection + "-";
        this.nodeId = "fanout-" + connection;
        this.deadlineNanos = deadlineNanos;
    }

    public boolean beforeDeadline() {
        return System.nanoTime() - deadlineNanos < 0;
    }

    /** The next batch; every value carries {@code nowNanos} as its send time. */
    public byte[] nextBatch(long nowNanos) {
        long nowMillis = System.currentTimeMillis();
        try {
            packer.clear();
            packer.packMapHeader(2);
            packer.packString("type").packString("OP_BATCH");
            packer.packString("payload").packMapHeader(1);
            packer.packString("ops").packArrayHeader(batchSize);
            String id = null;
            for (int i = 0; i < batchSize; i++) {
                long seq = nextSeq++;
                id = prefix + seq;
                packer.packMapHeader(4);
                packer.packString("id").packString(id);
                packer.packString("mapName").packString(mapName);
                packer.packString("key").packString(id);
                packer.packString("record").packMapHeader(2);
                packer.packString("value").packMapHeader(2);
                packer.packString("v").packLong(seq);
                packer.packString("t").packLong(nowNanos);
                packer.packString("timestamp").packMapHeader(3);
                packer.packString("millis").packLong(nowMillis);
                packer.packString("counter").packLong(seq & 0xFFFF_FFFFL);
                packer.packString("nodeId").packString(nodeId);
            }
            lastId = id.getBytes(StandardCharsets.UTF_8);
            byte[] frame = packer.toByteArray();
            sentNanos = nowNanos;
            return frame;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the frame is the ack of the batch built last. */
    public boolean isAckOfLastBatch(byte[] frame) {
        long published = sentNanos; // read first: makes lastId visible
        return published != 0 && AckReader.isAckFor(frame, lastId, lastId.length);
    }

    public long sentNanos() {
        return sentNanos;
    }
}
