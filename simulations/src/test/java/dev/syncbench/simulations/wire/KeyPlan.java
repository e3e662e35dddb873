package dev.syncbench.simulations.wire;

/**
 * Which key op {@code seq} of connection {@code connection} writes. The same plan names the keys when
 * they are sent and when they are looked up after the run, so it must be a pure function.
 */
public interface KeyPlan {
    /** {@code conn-<c>-<seq>}: every connection writes its own keys, wherever they live. */
    KeyPlan SEQUENTIAL = new KeyPlan() {
        @Override
        public String key(long connection, long seq) {
            return BatchEncoder.key(connection, seq);
        }

        @Override
        public boolean sequential() {
            return true;
        }
    };

    String key(long connection, long seq);

    /** Whether {@link #key} is {@code conn-<c>-<seq>}, which the encoder writes digit by digit, allocating nothing. */
    default boolean sequential() {
        return false;
    }
}
