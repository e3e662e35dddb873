package dev.syncbench.simulations.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncbench.simulations.load.ConfirmedSample;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AckLedgerTest {

    @Test
    void everyOpOfEveryAcknowledgedBatchIsListedWithItsValue() {
        AckLedger ledger = new AckLedger(3);
        ledger.acked(1, 0);
        ledger.acked(2, 6); // writer 2's batch from op 3 was not acknowledged
        assertEquals(6, ledger.ackedOps());
        Set<ConfirmedSample.Op> ops = Set.copyOf(ledger.ops());
        assertEquals(Set.of(new ConfirmedSample.Op("conn-1-0", 0), new ConfirmedSample.Op("conn-1-1", 1),
                new ConfirmedSample.Op("conn-1-2", 2), new ConfirmedSample.Op("conn-2-6", 6),
                new ConfirmedSample.Op("conn-2-7", 7), new ConfirmedSample.Op("conn-2-8", 8)), ops);
        List<String> keys = ledger.ops().stream().map(ConfirmedSample.Op::key).toList();
        assertEquals(keys.size(), keys.stream().collect(Collectors.toSet()).size());
    }
}
