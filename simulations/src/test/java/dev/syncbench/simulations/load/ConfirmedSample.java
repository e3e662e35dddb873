package dev.syncbench.simulations.load;

import dev.syncbench.simulations.wire.KeyPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A spread of the ops the server confirmed, kept while the run goes (one batch in every
 * {@link #EVERY}, at most {@link #MAX} batches), so "nothing lost" can check their stored values
 * without keeping every key of the run.
 */
public final class ConfirmedSample {
    static final int EVERY = 97;
    static final int MAX = 1_000;

    /** One confirmed op: its key and the value {@code v} it carried. */
    public record Op(String key, long v) {
    }

    private final AtomicLong seen = new AtomicLong();
    private final List<Op> ops = new ArrayList<>();
    private volatile KeyPlan keys = KeyPlan.SEQUENTIAL;

    /** The keys the connections write, when not {@code conn-<c>-<seq>} (owner routing); set before the load. */
    public void keyedBy(KeyPlan plan) {
        this.keys = plan;
    }

    void offer(long connection, long firstSeq, int count) {
        long n = seen.getAndIncrement();
        if (n % EVERY != 0) {
            return;
        }
        synchronized (ops) {
            if (ops.size() >= MAX * (long) count) {
                return;
            }
            for (long seq = firstSeq; seq < firstSeq + count; seq++) {
                ops.add(new Op(keys.key(connection, seq), seq));
            }
        }
    }

    public List<Op> ops() {
        synchronized (ops) {
            return List.copyOf(ops);
        }
    }
}
