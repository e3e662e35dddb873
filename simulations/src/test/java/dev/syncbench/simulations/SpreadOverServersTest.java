package dev.syncbench.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.target.EmbeddedTarget;
import dev.syncbench.simulations.wire.BatchEncoder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dtarget=<url>,<url>}, end to end: a real fire-and-wait run spreads its connections round
 * robin over two separate syncbench servers, each server holds exactly the keys of its own
 * connections, and "nothing lost" adds up what both hold.
 */
class SpreadOverServersTest {
    @TempDir
    Path dir;

    @Test
    void connectionsAlternateBetweenTwoServersAndNothingLostCountsBoth() throws Exception {
        try (EmbeddedTarget first = EmbeddedTarget.start(LoadSettings.DEFAULT_SECRET);
             EmbeddedTarget second = EmbeddedTarget.start(LoadSettings.DEFAULT_SECRET)) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("target", first.webSocketUrl() + "," + second.webSocketUrl());
            properties.put("baseline.file", SimulationRun.lenientBaseline(dir).toString());
            properties.put("connections", "4");
            properties.put("duration", "3");
            properties.put("warmup", "0");
            SimulationRun run = SimulationRun.of(FireAndWaitSimulation.class, dir, properties);

            assertEquals(0, run.exitStatus(), run.describe());
            // Connections 1 and 3 went to the first server, 2 and 4 to the second.
            for (long connection = 1; connection <= 4; connection++) {
                String key = BatchEncoder.key(connection, 0);
                boolean onFirst = holds(first, key);
                boolean onSecond = holds(second, key);
                assertEquals(connection % 2 == 1, onFirst, key + " on the first server; " + run.describe());
                assertEquals(connection % 2 == 0, onSecond, key + " on the second server; " + run.describe());
            }
            OptionalLong held = OptionalLong.of(first.storedKeys(BatchEncoder.DEFAULT_MAP).getAsLong()
                    + second.storedKeys(BatchEncoder.DEFAULT_MAP).getAsLong());
            assertEquals(OptionalLong.of(run.totalOps()), held, "every confirmed op is on one of the servers");
            JsonNode spread = run.summary().path("spread");
            assertEquals(List.of(first.webSocketUrl().toString(), second.webSocketUrl().toString()),
                    List.of(spread.path("targets").get(0).asText(), spread.path("targets").get(1).asText()));
            assertEquals("roundrobin", spread.path("routing").asText());
            assertTrue(run.output().contains("spread over 2 servers"), run.describe());
        }
    }

    /** The embedded store answers an absent key with an empty value. */
    private static boolean holds(EmbeddedTarget server, String key) {
        return server.storedValue(BatchEncoder.DEFAULT_MAP, key).map(value -> value.length > 0).orElse(false);
    }
}
