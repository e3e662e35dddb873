package dev.syncbench.support;

import java.lang.management.ManagementFactory;

/**
 * What the fuzz targets check beside "no unexpected exception": inputs are bounded, and the frame
 * and query decoders allocate at most a fixed multiple of their input. A decoder that trusts a
 * length or count from the bytes (an array32 header claiming 2^31 elements) would allocate far
 * past that bound, or run out of memory; checked per input, the fuzzer finds it at once.
 */
public final class FuzzBounds {
    /** Longer inputs are skipped: large frames cost fuzzing speed and find nothing short ones do not. */
    public static final int MAX_INPUT_BYTES = 64 * 1024;
    /**
     * Bytes a decoder may allocate per input byte (value trees of one-byte elements: an object
     * and a list slot each), plus a constant for the fixed costs of one call.
     */
    static final long BYTES_PER_INPUT_BYTE = 512;
    /**
     * The fixed allowance: 256 KiB when replaying inputs (regression mode, what {@code mvn verify}
     * runs); 4 MiB while fuzzing, where Jazzer's compare hooks allocate on the target's thread on
     * every repeat too (an OP_BATCH of 348 bytes measured 785 KB fuzzing, within 256 KiB replayed).
     * A decoder that trusts a count from the bytes still fails at once either way.
     */
    static final long FIXED_BYTES = System.getenv("JAZZER_FUZZ") == null || System.getenv("JAZZER_FUZZ").isBlank()
            ? 256L * 1024 : 4L * 1024 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzBounds() {
    }

    /** Something a target runs on one input, which may throw what that decoder documents. */
    @FunctionalInterface
    public interface Decoding {
        void run() throws Exception;
    }

    /**
     * Runs {@code decoding} again, after the target's own run of the same input, and fails when it
     * allocated more than an input of {@code inputBytes} may cost. Only a repeat is measured: the
     * first run loads and initializes whatever classes the input reaches (megabytes, once), which
     * is not the decoder's cost. A repeat over the limit is measured once more, and only the
     * smaller figure counts: while fuzzing, Jazzer's own bookkeeping (new coverage, compare hooks)
     * now and then allocates megabytes on the target's thread; a decoder's cost recurs, that does not.
     */
    public static void checkAllocation(int inputBytes, String what, Decoding decoding) {
        long limit = FIXED_BYTES + BYTES_PER_INPUT_BYTE * inputBytes;
        long used = measure(decoding);
        if (used > limit) {
            used = Math.min(used, measure(decoding));
        }
        if (used > limit) {
            throw new AssertionError(what + " allocated " + used + " bytes for an input of " + inputBytes
                    + " bytes (limit " + limit + ")");
        }
    }

    private static long measure(Decoding decoding) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            decoding.run();
        } catch (Exception e) {
            // the target has judged this outcome already
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
