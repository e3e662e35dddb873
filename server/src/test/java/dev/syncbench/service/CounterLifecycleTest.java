package dev.syncbench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.crdt.PnCounter;
import dev.syncbench.protocol.CounterRequest;
import dev.syncbench.protocol.CounterSync;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.support.Msg;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Counters are created only by writes, named within bounds, and forgotten when idle (issue 9, item 8). */
class CounterLifecycleTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final CounterService counters = new CounterService(new MessageCodec(), Duration.ofMinutes(10), now::get);

    @Test
    void requestsForUnknownNamesLeaveNothingBehind() {
        RecordingSubscriber reader = new RecordingSubscriber(1);
        for (int i = 0; i < 1_000; i++) {
            counters.request(reader, new CounterRequest("unknown-" + i));
        }
        assertEquals(0.0, Msg.counterValue(reader.events.getFirst()), "answered with the empty state");
        assertEquals(1_000, reader.events.size());
        counters.disconnected(reader);
        assertEquals(0, counters.size(), "no state for names only read");
    }

    @Test
    void aRequestStillSubscribesToLaterSyncs() {
        RecordingSubscriber reader = new RecordingSubscriber(1);
        RecordingSubscriber writer = new RecordingSubscriber(2);
        counters.request(reader, new CounterRequest("likes"));
        counters.sync(writer, new CounterSync("likes", new PnCounter(Map.of("w", 2.0), Map.of())));
        assertEquals(2.0, Msg.counterValue(reader.events.getLast()));
    }

    @Test
    void namesOverTheBoundAreRefused() {
        RecordingSubscriber client = new RecordingSubscriber(1);
        counters.request(client, new CounterRequest("x".repeat(CounterService.MAX_NAME_CHARS + 1)));
        counters.sync(client, new CounterSync("", new PnCounter(Map.of("w", 1.0), Map.of())));
        assertEquals(2, client.replies.size());
        for (var reply : client.replies) {
            assertEquals(400, assertInstanceOf(ErrorMessage.class, reply).code());
        }
        assertTrue(client.events.isEmpty());
        assertEquals(0, counters.size());
    }

    @Test
    void aSyncedCounterIsForgottenOnlyWhenUnfollowedAndIdleForTheRetention() {
        RecordingSubscriber writer = new RecordingSubscriber(2);
        counters.sync(writer, new CounterSync("visits", new PnCounter(Map.of("w", 5.0), Map.of())));
        now.addAndGet(Duration.ofMinutes(11).toMillis());
        assertEquals(0, counters.forgetIdle(), "still followed by its writer");
        counters.disconnected(writer);
        assertEquals(5.0, counters.state("visits").value(), "a disconnect keeps synced state");
        now.addAndGet(Duration.ofMinutes(5).toMillis());
        assertEquals(1, counters.forgetIdle());
        assertEquals(0, counters.size());
    }
}
