package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncbench.crdt.PnCounter;
import dev.syncbench.protocol.CounterRequest;
import dev.syncbench.protocol.CounterSync;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.support.Msg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;

class CounterServiceTest {
    private final CounterService counters = new CounterService(new MessageCodec());

    private static PnCounter pn(String node, double p, double n) {
        return new PnCounter(Map.of(node, p), Map.of(node, n));
    }

    @Test
    void requestAnswersWithTheCurrentStateAndSubscribes() {
        RecordingSubscriber a = new RecordingSubscriber(1);
        RecordingSubscriber b = new RecordingSubscriber(2);
        counters.request(a, new CounterRequest("hits"));
        assertEquals("COUNTER_RESPONSE", Msg.type(a.events.getFirst()));
        assertEquals(0.0, Msg.counterValue(a.events.getFirst()));

        counters.sync(b, new CounterSync("hits", pn("b", 5, 1)));
        assertEquals("COUNTER_UPDATE", Msg.type(a.events.getLast()));
        assertEquals(4.0, Msg.counterValue(a.events.getLast()));
        assertEquals("COUNTER_UPDATE", Msg.type(b.events.getLast()));
        assertEquals(4.0, Msg.counterValue(b.events.getLast()));
    }

    @Test
    void disconnectUnsubscribesButKeepsTheState() {
        RecordingSubscriber a = new RecordingSubscriber(1);
        RecordingSubscriber b = new RecordingSubscriber(2);
        counters.request(a, new CounterRequest("c"));
        counters.sync(b, new CounterSync("c", pn("b", 3, 0)));
        counters.disconnected(a);
        int seen = a.events.size();
        counters.sync(b, new CounterSync("c", pn("b", 7, 0)));
        assertEquals(seen, a.events.size());
        assertEquals(1, counters.subscriberCount("c"));
        assertEquals(7.0, counters.state("c").value());
    }

    /** Random increments from several nodes, synced in random order and repeated: the server ends at the true total. */
    @Test
    void syncsInAnyOrderConverge() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int nodes = 5;
        List<RecordingSubscriber> sessions = new ArrayList<>();
        Map<String, double[]> truth = new HashMap<>();
        for (int i = 0; i < nodes; i++) {
            sessions.add(new RecordingSubscriber(i));
            truth.put("node" + i, new double[2]);
        }
        List<CounterSync> history = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            int node = random.nextInt(nodes);
            double[] pn = truth.get("node" + node);
            pn[random.nextBoolean() ? 0 : 1] += random.nextInt(10);
            history.add(new CounterSync("total", pn("node" + node, pn[0], pn[1])));
        }
        java.util.Collections.shuffle(history, random);
        for (CounterSync sync : history) {
            counters.sync(sessions.get(random.nextInt(nodes)), sync);
        }
        double expected = truth.values().stream().mapToDouble(pn -> pn[0] - pn[1]).sum();
        assertEquals(expected, counters.state("total").value(), "seed " + seed);
        for (RecordingSubscriber s : sessions) {
            if (!s.events.isEmpty()) {
                assertEquals(expected, Msg.counterValue(s.events.getLast()), "seed " + seed);
            }
        }
    }
}
