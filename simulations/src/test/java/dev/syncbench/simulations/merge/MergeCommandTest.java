package dev.syncbench.simulations.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge command as a user runs it: run directories in, the console table, a summary and an exit status out. */
class MergeCommandTest {
    private static final long T0 = 1_764_558_000_000L;
    /** 10 s windows, 1,000 batches of 10 each: together 20,000 ops over 10 s, 2,000 ops/s. */
    private static final long[] BATCHES = LongStream.range(0, 1_000).map(i -> 200 + i).toArray();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path a;
    private Path b;

    @BeforeEach
    void twoInjectors() throws IOException {
        a = InjectorFixture.of(T0, T0 + 10_000, BATCHES).writeTo(dir.resolve("injector-a"));
        b = InjectorFixture.of(T0, T0 + 10_000, BATCHES).writeTo(dir.resolve("injector-b"));
    }

    @Test
    void theMergedRunPassesAFloorItsSumHoldsThoughEachInjectorAloneWouldMissIt() throws IOException {
        int status = merge(baseline(1_500, 10_000), "ci-2core");

        assertEquals(0, status, output());
        JsonNode summary = summary();
        assertEquals(20_000, summary.path("total_ops").asLong());
        assertEquals(2_000, summary.path("ops_per_sec").asLong());
        assertEquals(2_000, summary.path("histograms").path("write_latency").path("count").asLong());
        assertEquals(8, summary.path("connections").asInt());
        assertTrue(output().contains("PASS [ops_per_sec]"), output());
        assertTrue(output().contains("ops/sec: 2000 (20000 ops confirmed"), output());
    }

    @Test
    void theMergedRunFailsAFloorItsSumMisses() throws IOException {
        int status = merge(baseline(2_500, 10_000), "ci-2core");

        assertEquals(2, status, output());
        assertTrue(output().contains("FAIL [ops_per_sec]: 2000 ops/s < 2500"), output());
        assertFalse(summary().path("assertions").get(0).path("passed").asBoolean());
    }

    @Test
    void theLatencyFloorIsAppliedToTheMergedHistogram() throws IOException {
        // p50 of the 2,000 values 200..1199 µs is 699 µs (each value twice)
        assertEquals(2, merge(baseline(1_000, 600), "ci-2core"), output());
        assertTrue(output().contains("FAIL [p50_us]: p50 699µs > 600µs"), output());
        out.reset();
        assertEquals(0, merge(baseline(1_000, 700), "ci-2core"), output());
    }

    @Test
    void anUnknownProfileIsRefusedWithTheNamesThatExist() throws IOException {
        Properties options = options(baseline(1_000, 10_000));
        options.setProperty("baseline.profile", "laptop");

        int status = MergeCommand.run(List.of(a.toString(), b.toString()), options, print(out), print(err));

        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("has no profile 'laptop' (profiles: default, ci-2core)"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void injectorsJudgedByDifferentProfilesMustBeToldWhichToApply() throws IOException {
        Path c = InjectorFixture.of(T0, T0 + 10_000, BATCHES).profile("default").writeTo(dir.resolve("injector-c"));

        int status = MergeCommand.run(List.of(a.toString(), c.toString()), options(baseline(1_000, 10_000)),
                print(out), print(err));

        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("pass -Dbaseline.profile=<name> to pick one"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noRunDirectoryIsBadInput() throws IOException {
        assertEquals(1, MergeCommand.run(List.of(), options(baseline(1, 1)), print(out), print(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("syncbench merge: give the run directories"));
    }

    private int merge(Path baseline, String expectedProfile) {
        int status = MergeCommand.run(List.of(a.toString(), b.toString()), options(baseline), print(out), print(err));
        assertTrue(output().contains("baseline profile " + expectedProfile), output());
        return status;
    }

    private Properties options(Path baseline) {
        Properties options = new Properties();
        options.setProperty("baseline.file", baseline.toString());
        options.setProperty("merge.out", dir.resolve("merged.json").toString());
        return options;
    }

    /** A baseline whose ci-2core profile holds fire-and-wait to {@code minOps} ops/s and a p50 of {@code maxP50Us}. */
    private Path baseline(double minOps, long maxP50Us) throws IOException {
        return Files.writeString(dir.resolve("baseline.json"), """
                {"regression_tolerance_pct": 20,
                 "fire_and_wait": {"min_ops_per_sec": 1000000, "max_p50_us": 1, "min_acked_pct": 99},
                 "fire_and_forget": {"min_ops_per_sec": 1000000, "max_p50_us": 1},
                 "profiles": {"ci-2core": {
                   "fire_and_wait": {"min_ops_per_sec": %s, "max_p50_us": %d, "min_acked_pct": 99},
                   "fire_and_forget": {"min_ops_per_sec": 1, "max_p50_us": 1000000}}}}
                """.formatted(minOps, maxP50Us));
    }

    private JsonNode summary() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("merged.json").toFile());
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }
}
