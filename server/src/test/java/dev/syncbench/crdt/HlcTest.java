package dev.syncbench.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HlcTest {
    private static final long START = 1_700_000_000_000L;

    /** A wall clock the test moves by hand. */
    private static final class FakeClock {
        long millis = START;
    }

    private final FakeClock clock = new FakeClock();
    private final Hlc hlc = new Hlc("server", () -> clock.millis, 60_000);

    @Test
    void nowTakesTheWallClockWithCounterZero() {
        assertEquals(new Timestamp(START, 0, "server"), hlc.now());
    }

    @Test
    void nowInTheSameMillisecondIncrementsTheCounter() {
        hlc.now();
        assertEquals(new Timestamp(START, 1, "server"), hlc.now());
        assertEquals(new Timestamp(START, 2, "server"), hlc.now());
    }

    @Test
    void wallClockAdvanceResetsTheCounter() {
        hlc.now();
        hlc.now();
        clock.millis = START + 5;
        assertEquals(new Timestamp(START + 5, 0, "server"), hlc.now());
    }

    @Test
    void wallClockGoingBackwardsStillMovesForward() {
        hlc.now();
        clock.millis = START - 1000;
        assertEquals(new Timestamp(START, 1, "server"), hlc.now());
    }

    @Test
    void nowRollsIntoTheNextMillisecondWhenTheCounterOverflows() throws Exception {
        hlc.update(new Timestamp(START, Timestamp.MAX_COUNTER - 1, "client"));
        assertEquals(new Timestamp(START + 1, 0, "server"), hlc.now());
    }

    @Test
    void updateWithAllThreeEqualTakesTheLargerCounterPlusOne() throws Exception {
        hlc.now(); // (START, 0)
        assertEquals(new Timestamp(START, 8, "server"), hlc.update(new Timestamp(START, 7, "client")));
        // the local counter is now the larger one
        assertEquals(new Timestamp(START, 9, "server"), hlc.update(new Timestamp(START, 2, "client")));
    }

    @Test
    void updateWithLocalMillisAheadIncrementsTheLocalCounter() throws Exception {
        clock.millis = START + 10;
        hlc.now(); // (START+10, 0)
        clock.millis = START;
        assertEquals(new Timestamp(START + 10, 1, "server"), hlc.update(new Timestamp(START + 3, 50, "client")));
    }

    @Test
    void updateWithRemoteMillisAheadTakesTheRemoteCounterPlusOne() throws Exception {
        hlc.now();
        assertEquals(new Timestamp(START + 20, 6, "server"), hlc.update(new Timestamp(START + 20, 5, "client")));
    }

    @Test
    void updateWithWallClockAheadOfBothResetsTheCounter() throws Exception {
        hlc.now();
        hlc.now();
        clock.millis = START + 100;
        assertEquals(new Timestamp(START + 100, 0, "server"), hlc.update(new Timestamp(START + 50, 9, "client")));
    }

    @Test
    void updateRollsIntoTheNextMillisecondWhenTheCounterOverflows() throws Exception {
        assertEquals(new Timestamp(START + 1, 0, "server"),
                hlc.update(new Timestamp(START, Timestamp.MAX_COUNTER, "client")));
    }

    @Test
    void remoteMoreThanSixtySecondsAheadIsRejectedAndLeavesTheClockUnchanged() throws Exception {
        hlc.now(); // (START, 0)
        ClockDriftException e = assertThrows(ClockDriftException.class,
                () -> hlc.update(new Timestamp(START + 60_001, 0, "client")));
        assertEquals(60_001, e.aheadMs());
        assertTrue(e.getMessage().contains("60001 ms ahead"), e.getMessage());
        assertEquals(new Timestamp(START, 1, "server"), hlc.now());
    }

    @Test
    void remoteExactlySixtySecondsAheadIsAccepted() throws Exception {
        assertEquals(new Timestamp(START + 60_000, 1, "server"),
                hlc.update(new Timestamp(START + 60_000, 0, "client")));
    }

    @Test
    void nodeIdWithColonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Hlc("a:b", () -> 0, 60_000));
    }

    // A step of a random clock history: move the wall clock, then tick or receive.
    record Step(long wallDelta, boolean receive, long remoteOffset, long remoteCounter, String remoteNode) {
    }

    @Property(tries = 300)
    void everyReturnedTimestampIsStrictlyGreaterThanAllBefore(@ForAll("histories") List<Step> steps) {
        FakeClock wall = new FakeClock();
        Hlc clockUnderTest = new Hlc("node-b", () -> wall.millis, 60_000);
        List<Timestamp> seen = new ArrayList<>();
        Timestamp last = null;
        for (Step step : steps) {
            wall.millis += step.wallDelta();
            Timestamp next;
            if (step.receive()) {
                Timestamp remote = new Timestamp(wall.millis + step.remoteOffset(), step.remoteCounter(), step.remoteNode());
                try {
                    next = clockUnderTest.update(remote);
                } catch (ClockDriftException e) {
                    assertTrue(step.remoteOffset() > 60_000);
                    continue;
                }
                assertTrue(next.compareTo(remote) > 0, () -> "not after remote " + remote);
                seen.add(remote);
            } else {
                next = clockUnderTest.now();
            }
            if (last != null) {
                Timestamp previous = last;
                assertTrue(next.compareTo(previous) > 0, () -> next + " not after " + previous);
            }
            assertTrue(next.counter() <= Timestamp.MAX_COUNTER);
            last = next;
        }
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Long> wallDelta = Arbitraries.longs().between(-3, 3);
        Arbitrary<Long> offset = Arbitraries.oneOf(
                Arbitraries.longs().between(-5, 5),
                Arbitraries.longs().between(59_990, 60_010));
        Arbitrary<Long> counter = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 5),
                Arbitraries.longs().between(Timestamp.MAX_COUNTER - 3, Timestamp.MAX_COUNTER));
        Arbitrary<String> node = Arbitraries.of("node-a", "node-b", "node-c");
        return Combinators.combine(wallDelta, Arbitraries.of(true, false), offset, counter, node)
                .as(Step::new)
                .list().ofMinSize(1).ofMaxSize(60);
    }
}
