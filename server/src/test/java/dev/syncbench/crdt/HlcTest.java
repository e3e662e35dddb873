package dev.syncbench.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    private static final List<String> NODES = List.of("node-a", "node-b", "node-c");

    // A step of a random clock history: move the wall clock, then tick or receive.
    record Step(long wallDelta, boolean receive, long remoteOffset, long remoteCounter, String remoteNode) {
    }

    @Test
    void everyReturnedTimestampIsStrictlyGreaterThanAllBefore() {
        long seed = 20261126L;
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            List<Step> steps = history(random);
            try {
                assertClockOnlyMovesForward(steps);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", case " + i + ", steps " + steps + ": " + e.getMessage(), e);
            }
        }
    }

    private static void assertClockOnlyMovesForward(List<Step> steps) {
        FakeClock wall = new FakeClock();
        Hlc clockUnderTest = new Hlc("node-b", () -> wall.millis, 60_000);
        Timestamp last = null;
        for (Step step : steps) {
            wall.millis += step.wallDelta();
            Timestamp next;
            if (step.receive()) {
                Timestamp remote = new Timestamp(wall.millis + step.remoteOffset(), step.remoteCounter(), step.remoteNode());
                try {
                    next = clockUnderTest.update(remote);
                } catch (ClockDriftException e) {
                    assertTrue(step.remoteOffset() > 60_000, () -> "rejected " + remote + " at wall " + wall.millis);
                    continue;
                }
                assertTrue(next.compareTo(remote) > 0, () -> next + " not after remote " + remote);
            } else {
                next = clockUnderTest.now();
            }
            if (last != null) {
                Timestamp previous = last;
                assertTrue(next.compareTo(previous) > 0, () -> next + " not after " + previous);
            }
            assertTrue(next.counter() <= Timestamp.MAX_COUNTER, () -> "counter overflow in " + next);
            last = next;
        }
    }

    /** 1 to 60 steps; offsets and counters cluster at the drift limit and the counter's top. */
    private static List<Step> history(Random random) {
        List<Step> steps = new ArrayList<>();
        int size = 1 + random.nextInt(60);
        for (int i = 0; i < size; i++) {
            long wallDelta = random.nextInt(7) - 3;
            boolean receive = random.nextBoolean();
            long offset = random.nextBoolean() ? random.nextInt(11) - 5 : 59_990 + random.nextInt(21);
            long counter = random.nextBoolean() ? random.nextInt(6) : Timestamp.MAX_COUNTER - 3 + random.nextInt(4);
            String node = NODES.get(random.nextInt(NODES.size()));
            steps.add(new Step(wallDelta, receive, offset, counter, node));
        }
        return steps;
    }
}
