package dev.syncbench.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The replay property over seeded random scenarios. */
class LiveQueryReplayTest {

    @Test
    void snapshotPlusChangesEqualsAFreshSnapshotOverSeededScenarios() throws InvalidQueryException {
        long seed = 20261126L;
        Random random = new Random(seed);
        for (int scenario = 0; scenario < 500; scenario++) {
            WindowReplay.Shape shape = new WindowReplay.Shape(
                    random.nextInt(4) == 0 ? null : 1 + random.nextInt(5),
                    random.nextBoolean(), random.nextBoolean(), random.nextBoolean());
            List<WindowReplay.Write> initial = writes(random);
            List<WindowReplay.Write> writes = writes(random);
            try {
                WindowReplay.check(shape, initial, writes);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", scenario " + scenario + ", " + shape
                        + ", initial " + initial + ", writes " + writes + ": " + e.getMessage(), e);
            }
        }
    }

    /** Up to 40 writes over ten keys; about one score in seven is missing and one write in five a remove. */
    private static List<WindowReplay.Write> writes(Random random) {
        List<WindowReplay.Write> writes = new ArrayList<>();
        int count = random.nextInt(41);
        for (int i = 0; i < count; i++) {
            writes.add(new WindowReplay.Write(random.nextInt(10),
                    random.nextInt(7) == 0 ? null : random.nextInt(7),
                    random.nextBoolean(), random.nextInt(5) == 0));
        }
        return writes;
    }
}
