package dev.syncbench.simulations.soak;

import dev.syncbench.simulations.load.ConfirmedSample;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * One soak writer's state: OP_BATCH frames of PUTs cycling over its own {@code keys} keys
 * ({@code s<c>-<k>}, value {@code {v: seq}}), so however long the run the store holds the same
 * number of records and a growing heap means a leak, not data. It remembers, per key, the value
 * of the last write the server acknowledged, which the store must hold at the end.
 * Gatling runs a user's actions one at a time; the ack check runs on the socket's event loop,
 * hence the volatile field that publishes each send.
 */
public final class SoakWriter {
    private final long connection;
    private final String mapName;
    private final int batchSize;
    private final int keys;
    private final long deadlineNanos;
    private final SoakMetrics metrics;
    private final long[] confirmedV;
    private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    private long nextSeq;
    private byte[] lastId = new byte[0];
    private volatile long sentNanos;

    public SoakWriter(long connection, String mapName, int batchSize, int keys, long deadlineNanos, SoakMetrics metrics) {
        this.connection = connection;
        this.mapName = mapName;
        this.batchSize = batchSize;
        this.keys = keys;
        this.deadlineNanos = deadlineNanos;
        this.metrics = metrics;
        this.confirmedV = new long[keys];
        java.util.Arrays.fill(confirmedV, -1);
    }

    public boolean beforeDeadline() {
        return System.nanoTime() - deadlineNanos < 0;
    }

    static String key(long connection, long seq, int keys) {
        return "s" + connection + "-" + (seq % keys);
    }

    /** The next batch, sent now when {@code socketOpen}. */
    public byte[] nextBatch(long nowNanos, boolean socketOpen) {
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
                id = connection + "-" + seq;
                packer.packMapHeader(4);
                packer.packString("id").packString(id);
                packer.packString("mapName").packString(mapName);
                packer.packString("key").packString(key(connection, seq, keys));
                packer.packString("record").packMapHeader(2);
                packer.packString("value").packMapHeader(1);
                packer.packString("v").packLong(seq);
                packer.packString("timestamp").packMapHeader(3);
                packer.packString("millis").packLong(nowMillis);
                packer.packString("counter").packLong(seq & 0xFFFF_FFFFL);
                packer.packString("nodeId").packString("soak-" + connection);
            }
            lastId = id.getBytes(StandardCharsets.UTF_8);
            byte[] frame = packer.toByteArray();
            if (socketOpen) {
                metrics.sent();
            }
            sentNanos = nowNanos;
            return frame;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when {@code frame} ends the wait for the last batch: its OP_ACK (recorded, with the values
     * it confirmed when no op was rejected) or an ERROR (counted as a failed batch).
     */
    public synchronized boolean answers(byte[] frame, long nowNanos) {
        long published = sentNanos; // read first: makes lastId visible
        if (published == 0) {
            return false;
        }
        if (AckReader.isAckFor(frame, lastId, lastId.length)) {
            Reply reply = AckReader.read(frame);
            if (reply.failedOps() > 0) {
                metrics.failed();
            } else {
                metrics.acked(nowNanos - published);
                for (long seq = nextSeq - batchSize; seq < nextSeq; seq++) {
                    confirmedV[(int) (seq % keys)] = seq;
                }
            }
            return true;
        }
        if (AckReader.read(frame).kind() == Reply.Kind.ERROR) {
            metrics.failed();
            return true;
        }
        return false;
    }

    /** Each key's last acknowledged value, for the read-back ("nothing lost"). */
    public synchronized List<ConfirmedSample.Op> confirmed() {
        List<ConfirmedSample.Op> ops = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            if (confirmedV[k] >= 0) {
                ops.add(new ConfirmedSample.Op("s" + connection + "-" + k, confirmedV[k]));
            }
        }
        return ops;
    }
}
