package dev.syncbench.simulations.failover;

import dev.syncbench.simulations.load.ConfirmedSample;
import dev.syncbench.simulations.wire.BatchEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every op whose OP_ACK arrived, not a sample: the failover is judged on all of them. A writer's
 * batch of {@code batchSize} ops from {@code firstSeq} wrote keys {@code conn-<w>-<seq>} with value
 * {@code {v: seq}}, so a batch is kept as its first sequence number.
 */
public final class AckLedger {
    private final int batchSize;
    private final ConcurrentHashMap<Long, List<Long>> batchesByWriter = new ConcurrentHashMap<>();

    public AckLedger(int batchSize) {
        this.batchSize = batchSize;
    }

    /** Writer {@code writer}'s batch starting at op {@code firstSeq} was acknowledged with no op rejected. */
    public void acked(long writer, long firstSeq) {
        List<Long> batches = batchesByWriter.computeIfAbsent(writer, w -> new ArrayList<>());
        synchronized (batches) {
            batches.add(firstSeq);
        }
    }

    /** How many ops were acknowledged. */
    public long ackedOps() {
        long batches = 0;
        for (List<Long> list : batchesByWriter.values()) {
            synchronized (list) {
                batches += list.size();
            }
        }
        return batches * batchSize;
    }

    /** Every acknowledged op: its key and the value it carried. */
    public List<ConfirmedSample.Op> ops() {
        List<ConfirmedSample.Op> ops = new ArrayList<>();
        batchesByWriter.forEach((writer, batches) -> {
            synchronized (batches) {
                for (long first : batches) {
                    for (long seq = first; seq < first + batchSize; seq++) {
                        ops.add(new ConfirmedSample.Op(BatchEncoder.key(writer, seq), seq));
                    }
                }
            }
        });
        return ops;
    }
}
