package dev.syncbench.simulations.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A subscriber's ledger: what counts as receiving a matching write, and what counts as wrong. */
class MatchLedgerTest {

    @Test
    void anEnterIsTheFirstNewsOfAKey() {
        MatchLedger ledger = new MatchLedger();
        assertTrue(ledger.update("w1-0", "ENTER"));
        MatchLedger.Tally tally = ledger.tally(3, null);
        assertEquals(Set.of("w1-0"), tally.received());
        assertEquals(3, tally.topic());
        assertEquals(0, tally.duplicateEnters() + tally.strayUpdates() + tally.leaves());
    }

    @Test
    void anUpdateOfAKeyInTheResultCountsAsReceived() {
        MatchLedger ledger = new MatchLedger();
        ledger.initial(List.of("w1-0"));
        ledger.update("w1-5", "ENTER");
        assertFalse(ledger.update("w1-5", "UPDATE"), "already received by its ENTER");
        assertFalse(ledger.update("w1-0", "UPDATE"), "already received in the first result");
        assertEquals(2, ledger.receivedCount());
        assertEquals(0, ledger.tally(0, null).strayUpdates());
    }

    @Test
    void anUpdateOfAKeyNotInTheResultIsStrayAndNotReceived() {
        MatchLedger ledger = new MatchLedger();
        assertFalse(ledger.update("w1-0", "UPDATE"));
        MatchLedger.Tally tally = ledger.tally(0, null);
        assertEquals(1, tally.strayUpdates());
        assertTrue(tally.received().isEmpty());
    }

    @Test
    void aRepeatedEnterAndALeaveAreCounted() {
        MatchLedger ledger = new MatchLedger();
        ledger.update("w1-0", "ENTER");
        assertFalse(ledger.update("w1-0", "ENTER"));
        ledger.update("w1-0", "LEAVE");
        assertFalse(ledger.update("w1-0", "ENTER"), "received before it left");
        MatchLedger.Tally tally = ledger.tally(0, "1013 slow consumer");
        assertEquals(1, tally.duplicateEnters());
        assertEquals(1, tally.leaves());
        assertEquals("1013 slow consumer", tally.lostBecause());
    }

    @Test
    void anUnknownChangeTypeIsStray() {
        MatchLedger ledger = new MatchLedger();
        assertFalse(ledger.update("w1-0", "MOVED"));
        assertEquals(1, ledger.tally(0, null).strayUpdates());
    }
}
