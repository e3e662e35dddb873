package dev.syncbench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LockEntryTest {
    private static final String A = "member-a";
    private static final String B = "member-b";

    @Test
    void tokensStartAtOneAndIncreaseWithEveryGrant() {
        LockEntry.Grant first = LockEntry.NEW.acquire(A, 1, null, 0);
        assertEquals(1, first.token());
        LockEntry released = first.entry().release(1, 10);
        LockEntry.Grant second = released.acquire(B, 1, null, 20);
        assertEquals(2, second.token(), "a release keeps the last token");
    }

    @Test
    void aHeldLockIsBusyForEveryOtherConnectionEvenOfTheSameMember() {
        LockEntry held = LockEntry.NEW.acquire(A, 1, null, 0).entry();
        assertEquals(LockEntry.BUSY, held.acquire(A, 2, null, 5).token());
        assertEquals(LockEntry.BUSY, held.acquire(B, 1, null, 5).token(), "session ids are per member");
        assertSame(held, held.acquire(B, 1, null, 5).entry());
    }

    @Test
    void theHolderAskingAgainKeepsItsTokenWithAFreshLease() {
        LockEntry held = LockEntry.NEW.acquire(A, 1, 100L, 0).entry();
        LockEntry.Grant again = held.acquire(A, 1, 100L, 90);
        assertEquals(1, again.token());
        assertTrue(again.entry().heldAt(150), "the lease now runs to 190");
        assertFalse(again.entry().heldAt(190));
    }

    @Test
    void anExpiredLeaseIsFreeAndItsTokenIsNotReused() {
        LockEntry held = LockEntry.NEW.acquire(A, 1, 100L, 0).entry();
        assertEquals(LockEntry.BUSY, held.acquire(B, 7, null, 99).token());
        assertEquals(2, held.acquire(B, 7, null, 100).token());
        assertSame(held, held.release(1, 100), "an expired lease cannot be released");
    }

    @Test
    void onlyTheLiveHoldersTokenReleases() {
        LockEntry held = LockEntry.NEW.acquire(A, 1, null, 0).entry().release(1, 1).acquire(A, 1, null, 2).entry();
        assertSame(held, held.release(1, 3), "an old token");
        assertFalse(held.release(2, 3).heldAt(3));
    }

    @Test
    void aClosedConnectionOrALeftMemberFreesOnlyWhatItHeld() {
        LockEntry held = LockEntry.NEW.acquire(A, 1, null, 0).entry();
        assertSame(held, held.releaseSession(A, 2));
        assertSame(held, held.releaseSession(B, 1));
        assertSame(held, held.releaseMember(B));
        assertFalse(held.releaseSession(A, 1).heldAt(1));
        assertFalse(held.releaseMember(A).heldAt(1));
        assertEquals(2, held.releaseMember(A).acquire(B, 1, null, 1).token());
    }

    @Test
    void aHugeTtlNeverOverflowsIntoThePast() {
        LockEntry held = LockEntry.NEW.acquire(A, 1, Long.MAX_VALUE - 1, 1_000).entry();
        assertTrue(held.heldAt(Long.MAX_VALUE - 1));
    }

    @Test
    void theBackupStoresWhatTheOwnerDecidedRatherThanDecidingAgain() {
        Map.Entry<String, LockEntry> owner = new AbstractMap.SimpleEntry<>("l", null);
        LockProcessor grant = LockProcessor.acquire(A, 1, 50L);
        assertEquals(1L, grant.process(owner));

        var backupProcessor = grant.getBackupProcessor();
        Map.Entry<String, LockEntry> backup = new AbstractMap.SimpleEntry<>("l", null);
        backupProcessor.process(backup);
        assertEquals(owner.getValue(), backup.getValue(), "same holder, token and expiry as the owner's");

        LockProcessor refused = LockProcessor.acquire(B, 1, null);
        assertEquals(LockEntry.BUSY, refused.process(owner));
        assertEquals(null, refused.getBackupProcessor(), "nothing changed: nothing to back up");
        assertEquals(0L, LockProcessor.release(9).process(new AbstractMap.SimpleEntry<>("never", null)));
    }
}
