package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LockTableTest {
    private static final long A = 1;
    private static final long B = 2;
    private final LockTable table = new LockTable();

    @Test
    void firstAcquireGetsTokenOneAndOthersAreBusy() {
        assertEquals(1, table.acquire("l", A, null, 0));
        assertEquals(LockTable.BUSY, table.acquire("l", B, null, 0));
        assertEquals(OptionalLong.of(1), table.holderToken("l", 0));
    }

    @Test
    void holderAskingAgainKeepsItsTokenAndRefreshesTheLease() {
        assertEquals(1, table.acquire("l", A, 100L, 0));
        assertEquals(1, table.acquire("l", A, 100L, 90));
        // Without the refresh the lease would have ended at 100.
        assertEquals(LockTable.BUSY, table.acquire("l", B, null, 150));
        assertEquals(2, table.acquire("l", B, null, 190));
    }

    @Test
    void releaseNeedsTheHoldersToken() {
        long token = table.acquire("l", A, null, 0);
        assertFalse(table.release("l", token + 1, 0));
        assertEquals(LockTable.BUSY, table.acquire("l", B, null, 0));
        assertTrue(table.release("l", token, 0));
        assertFalse(table.release("l", token, 0), "a second release of the same lease");
        assertEquals(OptionalLong.empty(), table.holderToken("l", 0));
    }

    @Test
    void tokensKeepIncreasingAcrossReleasesAndPerName() {
        for (long expected = 1; expected <= 5; expected++) {
            long token = table.acquire("l", expected % 2 == 0 ? A : B, null, 0);
            assertEquals(expected, token);
            assertTrue(table.release("l", token, 0));
        }
        assertEquals(1, table.acquire("other", A, null, 0));
    }

    @Test
    void anExpiredLeaseIsFreeAndCannotBeReleased() {
        long token = table.acquire("l", A, 50L, 1_000);
        assertEquals(LockTable.BUSY, table.acquire("l", B, null, 1_049));
        assertEquals(OptionalLong.empty(), table.holderToken("l", 1_050));
        assertFalse(table.release("l", token, 1_050));
        assertEquals(2, table.acquire("l", B, null, 1_050));
    }

    @Test
    void theExpiredHolderAskingAgainGetsANewToken() {
        assertEquals(1, table.acquire("l", A, 10L, 0));
        assertEquals(2, table.acquire("l", A, 10L, 20));
    }

    @Test
    void aHugeTtlDoesNotOverflowIntoThePast() {
        assertEquals(1, table.acquire("l", A, Long.MAX_VALUE, 1_000));
        assertEquals(LockTable.BUSY, table.acquire("l", B, null, 2_000));
    }

    @Test
    void zeroOrNegativeTtlIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> table.acquire("l", A, 0L, 0));
        assertThrows(IllegalArgumentException.class, () -> table.acquire("l", A, -5L, 0));
        assertEquals(OptionalLong.empty(), table.holderToken("l", 0));
    }

    @Test
    void releaseAllFreesOnlyTheOwnersLocks() {
        table.acquire("a1", A, null, 0);
        table.acquire("a2", A, null, 0);
        table.acquire("b1", B, null, 0);
        table.releaseAll(A);
        assertEquals(OptionalLong.empty(), table.holderToken("a1", 0));
        assertEquals(OptionalLong.empty(), table.holderToken("a2", 0));
        assertEquals(OptionalLong.of(1), table.holderToken("b1", 0));
        assertEquals(2, table.acquire("a1", B, null, 0));
        assertEquals(0, table.indexedNames(A));
    }

    @Test
    void releaseAllDoesNotFreeALockTakenOverAfterExpiry() {
        table.acquire("l", A, 10L, 0);
        assertEquals(2, table.acquire("l", B, null, 20));
        table.releaseAll(A);
        assertEquals(OptionalLong.of(2), table.holderToken("l", 20));
    }

    @Test
    void theOwnerIndexForgetsReleasedAndRefusedLocks() {
        for (int i = 0; i < 100; i++) {
            String name = "n" + i;
            table.acquire(name, B, null, 0);
            table.acquire(name, A, null, 0);
            table.release(name, table.holderToken(name, 0).getAsLong(), 0);
        }
        assertEquals(0, table.indexedNames(A));
        assertEquals(0, table.indexedNames(B));
    }

    /** Many owners race for few locks: at most one holder at a time, and tokens strictly increase. */
    @Test
    void concurrentOwnersNeverShareALock() throws Exception {
        long seed = System.nanoTime();
        int threads = 8;
        int rounds = 2_000;
        String[] names = {"x", "y", "z"};
        ConcurrentHashMap<String, AtomicReference<Long>> holders = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, List<Long>> grants = new ConcurrentHashMap<>();
        for (String name : names) {
            holders.put(name, new AtomicReference<>());
            grants.put(name, java.util.Collections.synchronizedList(new ArrayList<>()));
        }
        AtomicInteger violations = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long owner = t;
            Random random = new Random(seed + t);
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    String name = names[random.nextInt(names.length)];
                    long token = table.acquire(name, owner, null, 0);
                    if (token == LockTable.BUSY) {
                        continue;
                    }
                    if (!holders.get(name).compareAndSet(null, owner)) {
                        violations.incrementAndGet();
                    }
                    grants.get(name).add(token);
                    holders.get(name).set(null);
                    if (random.nextInt(10) == 0) {
                        table.releaseAll(owner);
                    } else if (!table.release(name, token, 0)) {
                        violations.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(0, violations.get(), "seed " + seed);
        for (String name : names) {
            List<Long> tokens = grants.get(name);
            for (int i = 1; i < tokens.size(); i++) {
                assertTrue(tokens.get(i) > tokens.get(i - 1), "tokens of " + name + " not increasing, seed " + seed);
            }
        }
    }
}
