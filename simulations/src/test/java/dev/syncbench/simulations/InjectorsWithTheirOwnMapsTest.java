package dev.syncbench.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.merge.MergeCommand;
import dev.syncbench.simulations.target.EmbeddedTarget;
import dev.syncbench.simulations.wire.BatchEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two injectors loading one server at once, as README's "Several injector machines" runs them, each with
 * its own {@code -Dmap}: each writes only its own map, each one's read-back counts exactly its own records,
 * so each one's nothing_lost passes, and their runs merge. With one map for both, their connections
 * {@code c} write the same keys and each read-back counts the other's records too: injector b runs more
 * connections than a, so a's read-back would find b's connections 3 and 4 (and fail) if they shared one.
 */
class InjectorsWithTheirOwnMapsTest {
    @TempDir
    Path dir;

    @Test
    void twoInjectorsAtOnceEachReadBackExactlyTheirOwnRecordsAndMerge() throws Exception {
        Path baseline = SimulationRun.lenientBaseline(dir);
        try (EmbeddedTarget server = EmbeddedTarget.start(LoadSettings.DEFAULT_SECRET);
             ExecutorService injectors = Executors.newFixedThreadPool(2)) {
            Future<SimulationRun> a = injectors.submit(() -> injector(server, baseline, "injector-a", 2));
            Future<SimulationRun> b = injectors.submit(() -> injector(server, baseline, "injector-b", 4));
            SimulationRun runA = a.get();
            SimulationRun runB = b.get();

            for (var injector : List.of(Map.entry("injector-a", runA), Map.entry("injector-b", runB))) {
                String map = injector.getKey();
                SimulationRun run = injector.getValue();
                assertEquals(0, run.exitStatus(), map + ": " + run.describe());
                assertTrue(run.totalOps() > 0, run.describe());
                assertEquals(run.totalOps(), server.storedKeys(map).getAsLong(),
                        map + " holds exactly its injector's confirmed ops; " + run.describe());
                JsonNode nothingLost = gate(run, "nothing_lost");
                assertTrue(nothingLost.path("passed").asBoolean(), run.describe());
                assertTrue(nothingLost.path("message").asText().startsWith("the store holds " + run.totalOps()
                                + " records (read back over the protocol (Merkle sync)"),
                        "its read-back counted its own records only: " + nothingLost);
                assertEquals(map, run.summary().path("provenance").path("map").asText());
                assertTrue(run.output().contains("into map " + map), run.describe());
                assertTrue(server.storedValue(map, BatchEncoder.key(1, 0)).map(value -> value.length > 0)
                        .orElse(false), map + " holds connection 1's first op");
            }
            assertEquals(0, server.storedKeys(BatchEncoder.DEFAULT_MAP).getAsLong(), "nothing went to the default map");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Properties options = new Properties();
            options.setProperty("baseline.file", baseline.toString());
            options.setProperty("merge.out", dir.resolve("merged.json").toString());
            PrintStream printer = new PrintStream(out, true, StandardCharsets.UTF_8);
            int status = MergeCommand.run(List.of(kept(dir.resolve("hdr-injector-a")).toString(),
                    kept(dir.resolve("hdr-injector-b")).toString()), options, printer, printer);
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, printed);
            assertTrue(printed.contains("maps injector-a, injector-b (one per injector)"), printed);
            JsonNode merged = new ObjectMapper().readTree(dir.resolve("merged.json").toFile());
            assertEquals(runA.totalOps() + runB.totalOps(), merged.path("total_ops").asLong(), printed);
        }
    }

    private SimulationRun injector(EmbeddedTarget server, Path baseline, String map, int connections)
            throws IOException, InterruptedException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("target", server.webSocketUrl().toString());
        properties.put("baseline.file", baseline.toString());
        properties.put("connections", String.valueOf(connections));
        properties.put("duration", "6");
        properties.put("warmup", "0");
        properties.put("map", map);
        properties.put("hdr.dir", dir.resolve("hdr-" + map).toString());
        return SimulationRun.of(FireAndWaitSimulation.class, dir.resolve(map), properties);
    }

    private static JsonNode gate(SimulationRun run, String name) {
        for (JsonNode check : run.summary().path("assertions")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no " + name + " gate; " + run.describe());
    }

    /** The one run directory an injector kept under its {@code -Dhdr.dir}. */
    private static Path kept(Path hdr) throws IOException {
        try (Stream<Path> runs = Files.list(hdr)) {
            List<Path> all = runs.toList();
            assertEquals(1, all.size(), all.toString());
            return all.getFirst();
        }
    }
}
