package dev.syncbench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.syncbench.crdt.PnCounter;
import dev.syncbench.store.RecordCodec;
import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterMergeProcessorTest {
    private static byte[] pn(Map<String, Double> p, Map<String, Double> n) {
        return RecordCodec.encodeCounter(new PnCounter(p, n));
    }

    private static PnCounter decode(byte[] bytes) {
        return RecordCodec.decodeCounter(bytes);
    }

    @Test
    void theFirstStateIsStoredAsSent() {
        Map.Entry<String, byte[]> entry = new AbstractMap.SimpleEntry<>("c", null);
        byte[] sent = pn(Map.of("a", 1.0), Map.of());
        assertNull(new CounterMergeProcessor(sent).process(entry));
        assertEquals(decode(sent), decode(entry.getValue()));
    }

    @Test
    void theOwnerMergesPerNodeMaximaAndAnswersWhatItKnewMore() {
        Map.Entry<String, byte[]> entry = new AbstractMap.SimpleEntry<>("c", pn(Map.of("a", 5.0), Map.of("a", 1.0)));
        byte[] answer = new CounterMergeProcessor(pn(Map.of("a", 2.0, "b", 3.0), Map.of())).process(entry);
        PnCounter merged = new PnCounter(Map.of("a", 5.0, "b", 3.0), Map.of("a", 1.0));
        assertEquals(merged, decode(entry.getValue()));
        assertEquals(merged, decode(answer), "the sender learns a's 5 and its decrement");
        assertEquals(7.0, decode(answer).value());
    }

    @Test
    void aStateHoldingEverythingTheOwnerHasGetsNoAnswer() {
        Map.Entry<String, byte[]> entry = new AbstractMap.SimpleEntry<>("c", pn(Map.of("a", 1.0), Map.of()));
        assertNull(new CounterMergeProcessor(pn(Map.of("a", 4.0), Map.of())).process(entry));
        assertEquals(4.0, decode(entry.getValue()).value());
    }
}
