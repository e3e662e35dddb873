package dev.syncbench.simulations.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MassReconnectTest {
    private static final Map<String, String> ACKED = Map.of("k-0", "while-away-0", "k-1", "while-away-0");

    @Test
    void aSnapshotHoldingEveryAckedRecordLacksNothing() {
        assertNull(MassReconnect.lacking(ACKED, Map.of("k-0", "while-away-0", "k-1", "while-away-0", "k-9", "old")));
    }

    @Test
    void aMissingRecordOrAnOlderValueIsNamed() {
        assertEquals("1 records missing, 0 with another value (k-1 missing)",
                MassReconnect.lacking(ACKED, Map.of("k-0", "while-away-0")));
        assertEquals("0 records missing, 1 with another value (k-1 = before, not while-away-0)",
                MassReconnect.lacking(ACKED, new java.util.TreeMap<>(Map.of("k-0", "while-away-0", "k-1", "before"))));
    }
}
