package dev.syncbench.simulations.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Event identities are read from the key's bytes: writes are told apart, repeats and strangers counted. */
class EventIdentitiesTest {

    @Test
    void countsEachWriteOnceAndRepeatsAsDuplicates() {
        EventIdentities identities = new EventIdentities();
        identities.add("w1-0");
        identities.add("w1-1");
        identities.add("w12-1");
        identities.add("w1-1");
        assertEquals(3, identities.distinct());
        assertEquals(1, identities.duplicates());
        assertEquals(0, identities.foreign());
    }

    @Test
    void keysNotWrittenByThisRunsWritersAreForeign() {
        EventIdentities identities = new EventIdentities();
        for (String key : new String[] {"conn-1-2", "w-1", "w12", "w1-", "w1-2a", "w1-99999999999", "", "wé-1"}) {
            identities.add(key);
        }
        identities.add((byte[]) null);
        assertEquals(9, identities.foreign());
        assertEquals(0, identities.distinct());
    }
}
