package dev.syncbench.simulations.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncbench.ServerConfig;
import dev.syncbench.SyncServer;
import dev.syncbench.simulations.FireAndWaitSimulation;
import dev.syncbench.simulations.SimulationRun;
import io.helidon.config.Config;
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
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real fire-and-wait run against syncbench's server at a URL, as an injector runs it: the log it keeps
 * holds the histogram it was judged by, and merging it with a copy of itself (two injectors that measured
 * the very same, the copy relabelled as having written a map of its own, as {@code -Dmap} makes each
 * injector do) doubles every count and keeps every percentile.
 */
class MergeRoundTripTest {
    private static final String SECRET = "merge-round-trip-secret";
    @TempDir
    Path dir;

    private SyncServer server;

    @BeforeEach
    void startServer() {
        server = SyncServer.start(ServerConfig.builder(Config.create())
                .host("127.0.0.1").port(0).jwtSecret(SECRET).storageBackend("memory").build());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aRunsLogMergedWithItselfDoublesTheOpsAndKeepsEveryPercentile() throws Exception {
        Path baseline = SimulationRun.lenientBaseline(dir);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("target", "ws://127.0.0.1:" + server.port() + "/ws");
        properties.put("jwt.secret", SECRET);
        properties.put("baseline.file", baseline.toString());
        properties.put("connections", "4");
        properties.put("duration", "5");
        properties.put("warmup", "1");
        properties.put("hdr.dir", dir.resolve("hdr").toString());

        SimulationRun run = SimulationRun.of(FireAndWaitSimulation.class, dir.resolve("run"), properties);

        assertEquals(0, run.exitStatus(), run.describe());
        Path kept = onlyRunIn(dir.resolve("hdr"));
        JsonNode judged = run.summary().path("histograms").path("write_latency");
        Histogram logged = InjectorRun.read(kept).histograms().get(InjectorRun.WINDOWS);
        assertTrue(logged.getTotalCount() > 0, run.describe());
        assertEquals(judged.path("count").asLong(), logged.getTotalCount(), "the log holds the histogram judged");
        assertEquals(judged.path("p99_us").asLong(), logged.getValueAtPercentile(99));
        assertEquals(judged.path("max_us").asLong(), logged.getMaxValue());

        Path a = copy(kept, dir.resolve("injector-a"));
        Path b = copy(kept, dir.resolve("injector-b"));
        Path bRecord = b.resolve(InjectorRecord.FILE);
        String recordText = Files.readString(bRecord);
        assertTrue(recordText.contains("\"map\" : \"bench\","), recordText);
        Files.writeString(bRecord, recordText.replace("\"map\" : \"bench\",", "\"map\" : \"injector-b\","));
        Properties options = new Properties();
        options.setProperty("baseline.file", baseline.toString());
        options.setProperty("merge.out", dir.resolve("merged.json").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = MergeCommand.run(List.of(a.toString(), b.toString()), options,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, printed);
        JsonNode merged = new ObjectMapper().readTree(dir.resolve("merged.json").toFile());
        assertEquals(2 * run.summary().path("total_ops").asLong(), merged.path("total_ops").asLong(), printed);
        assertEquals(2 * run.summary().path("ops_per_sec").asDouble(), merged.path("ops_per_sec").asDouble(), 1.0,
                printed);
        assertEquals(2 * judged.path("count").asLong(),
                merged.path("histograms").path("write_latency").path("count").asLong());
        assertEquals(run.summary().path("latency"), merged.path("latency"), "every percentile kept");
        assertEquals(judged.path("max_us"), merged.path("histograms").path("write_latency").path("max_us"));
        assertEquals(2 * run.summary().path("counts").path("measured").path("sent_batches").asLong(),
                merged.path("counts").path("measured").path("sent_batches").asLong());
    }

    private static Path onlyRunIn(Path hdr) throws IOException {
        try (Stream<Path> runs = Files.list(hdr)) {
            List<Path> all = runs.toList();
            assertEquals(1, all.size(), all.toString());
            return all.getFirst();
        }
    }

    private static Path copy(Path run, Path to) throws IOException {
        Files.createDirectories(to);
        for (String file : List.of(InjectorRun.LOG, InjectorRecord.FILE)) {
            Files.copy(run.resolve(file), to.resolve(file));
        }
        return to;
    }
}
