package dev.syncbench.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** millis + ttlMs saturates instead of overflowing into "already expired" (issue 9, item 7). */
class TtlOverflowTest {
    private static final Timestamp T = new Timestamp(1_700_000_000_000L, 0, "n");
    private static final long NOW = 1_700_000_000_500L;

    @Test
    void aHugeTtlNeverExpires() {
        LwwRecord record = new LwwRecord(RecordValue.ofBytes(new byte[] {1}), T, Long.MAX_VALUE - 10);
        assertFalse(record.isExpired(NOW));
        assertEquals(Long.MAX_VALUE, record.expiresAtMillis());
        assertFalse(new OrRecord(RecordValue.ofBytes(new byte[] {1}), T, "tag", Long.MAX_VALUE).isExpired(NOW));
    }

    @Test
    void anOrdinaryTtlStillExpires() {
        LwwRecord record = new LwwRecord(RecordValue.ofBytes(new byte[] {1}), T, 100L);
        assertTrue(record.isExpired(NOW));
        assertFalse(record.isExpired(T.millis() + 100));
        assertTrue(record.isExpired(T.millis() + 101));
    }
}
