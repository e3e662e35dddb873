package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.syncbench.crdt.PnCounter;
import dev.syncbench.protocol.CounterRequest;
import dev.syncbench.protocol.CounterSync;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.store.StoreUnavailableException;
import dev.syncbench.support.Msg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster mode's counters as the service sees them: states sent to the owner, states merged from it. */
class CounterReplicationTest {
    private final CounterService counters = new CounterService(new MessageCodec());
    private final List<PnCounter> sent = new ArrayList<>();

    private static PnCounter pn(String node, double p) {
        return new PnCounter(Map.of(node, p), Map.of());
    }

    @Test
    void aSyncSendsTheMergedStateAndTakesWhatTheOwnerKnewMore() {
        RecordingSubscriber writer = new RecordingSubscriber(1);
        counters.setReplication((name, state) -> {
            sent.add(state);
            return state.merge(pn("elsewhere", 10)); // the owner had another member's increments
        });
        counters.sync(writer, new CounterSync("hits", pn("w", 2)));

        assertEquals(List.of(pn("w", 2)), sent);
        assertEquals(List.of(2.0, 12.0), writer.events.stream().map(Msg::counterValue).toList(),
                "the own merge first, then the owner's newer state");
        assertEquals(12.0, counters.state("hits").value());
    }

    @Test
    void anOwnerThatDoesNotConfirmGets503AndTheLocalMergeStays() {
        RecordingSubscriber writer = new RecordingSubscriber(1);
        counters.setReplication((name, state) -> {
            throw new StoreUnavailableException("the owner of counter 'hits' did not confirm the sync");
        });
        counters.sync(writer, new CounterSync("hits", pn("w", 2)));

        ErrorMessage error = assertInstanceOf(ErrorMessage.class, writer.replies.getFirst());
        assertEquals(503, error.code());
        assertEquals(2.0, counters.state("hits").value());
    }

    @Test
    void aStateFromTheClusterUpdatesSubscribersOnlyWhenItAddsSomething() {
        RecordingSubscriber watcher = new RecordingSubscriber(1);
        counters.request(watcher, new CounterRequest("hits"));
        counters.mergeReplicated("hits", pn("a", 3));
        counters.mergeReplicated("hits", pn("a", 3)); // the same state again: quiet
        counters.mergeReplicated("hits", pn("a", 1)); // older: quiet

        assertEquals(List.of("COUNTER_RESPONSE", "COUNTER_UPDATE"), watcher.events.stream().map(Msg::type).toList());
        assertEquals(3.0, Msg.counterValue(watcher.events.getLast()));
    }

    @Test
    void aStateFromTheClusterCreatesTheCounter() {
        counters.mergeReplicated("new", pn("a", 5));
        assertEquals(5.0, counters.state("new").value());
        assertEquals(1, counters.size());
    }
}
