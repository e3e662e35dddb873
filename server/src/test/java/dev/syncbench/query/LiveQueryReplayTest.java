package dev.syncbench.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The replay property over seeded random scenarios, so it also runs where jqwik is not used. */
class LiveQueryReplayTest {

    @Test
    void snapshotPlusChangesEqualsAFreshSnapshotOverSeededScenarios() throws InvalidQueryException {
        Random random = new Random(20261126L);
        for (int scenario = 0; scenario < 400; scenario++) {
            WindowReplay.Shape shape = new WindowReplay.Shape(
                    random.nextInt(4) == 0 ? null : 1 + random.nextInt(5),
                    random.nextBoolean(), random.nextBoolean(), random.nextBoolean());
            WindowReplay.check(shape, writes(random), writes(random));
        }
    }

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
