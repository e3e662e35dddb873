package dev.syncbench.simulations.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.load.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Injectors' runs written to disk as runs write them, read back and merged. */
class RunMergeTest {
    private static final long T0 = 1_764_558_000_000L;
    private static final double[] PERCENTILES = {50, 90, 95, 99, 99.9, 100};

    @TempDir
    Path dir;

    @Test
    void theMergedLatencyIsTheHistogramOfEveryValueAnyInjectorRecorded() throws IOException {
        long[] a = randomLatencies(1, 5_000, 100, 5_000);
        long[] b = randomLatencies(2, 3_000, 2_000, 900_000);

        RunMerge.Merged merged = merge(InjectorFixture.of(T0, T0 + 30_000, a), InjectorFixture.of(T0, T0 + 30_000, b));

        Histogram union = InjectorFixture.histogramOf(LongStream.concat(LongStream.of(a), LongStream.of(b)).toArray());
        Histogram windows = merged.measurement().windows();
        assertEquals(8_000, windows.getTotalCount());
        assertEquals(union.getMaxValue(), windows.getMaxValue());
        for (double percentile : PERCENTILES) {
            assertEquals(union.getValueAtPercentile(percentile), windows.getValueAtPercentile(percentile),
                    "p" + percentile);
        }
        assertEquals(union, windows, "every value's count, not only the percentiles printed");
        assertEquals(union, merged.measurement().batches());
    }

    @Test
    void percentilesAreThoseOfTheUnionNeverTheAverageOfTheInjectorsPercentiles() throws IOException {
        // a fast injector with many samples, a slow one with few: averaging would move p50 to ~10 ms
        long[] fast = LongStream.generate(() -> 100).limit(900).toArray();
        long[] slow = LongStream.generate(() -> 20_000).limit(100).toArray();

        RunMerge.Merged merged = merge(InjectorFixture.of(T0, T0 + 30_000, fast),
                InjectorFixture.of(T0, T0 + 30_000, slow));

        Histogram windows = merged.measurement().windows();
        long fastP50 = InjectorFixture.histogramOf(fast).getValueAtPercentile(50);
        long slowP50 = InjectorFixture.histogramOf(slow).getValueAtPercentile(50);
        assertEquals(fastP50, windows.getValueAtPercentile(50), "900 of 1000 values are 100 µs");
        assertNotEquals((fastP50 + slowP50) / 2, windows.getValueAtPercentile(50));
        assertEquals(fastP50, windows.getValueAtPercentile(90));
        assertEquals(slowP50, windows.getValueAtPercentile(95), "the slowest tenth is the slow injector's");
    }

    @Test
    void countsAndConnectionsAddUpOverTheUnionOfTheWindows() throws IOException {
        InjectorFixture a = InjectorFixture.of(T0, T0 + 30_000, randomLatencies(3, 2_000, 100, 3_000));
        InjectorFixture b = InjectorFixture.of(T0 + 400, T0 + 30_500, randomLatencies(4, 1_500, 100, 3_000));

        RunMerge.Merged merged = merge(a, b);

        assertEquals(a.confirmedOps() + b.confirmedOps(), merged.countedOps());
        assertEquals(a.confirmedOps() + b.confirmedOps(), merged.measurement().measured().confirmedOps());
        assertEquals(3_500, merged.measurement().measured().windows());
        assertEquals(8, merged.connections());
        assertEquals(8, merged.measurement().authenticatedConnections());
        assertEquals(T0, merged.windowStartMillis());
        assertEquals(T0 + 30_500, merged.windowEndMillis());
        assertEquals(30.5, merged.measurement().loadSeconds(), 1e-9);
        assertEquals(29.6, merged.overlapSeconds(), 1e-9);
    }

    @Test
    void runsOfAnotherSimulationAreRefused() {
        BadInputException refused = assertThrows(BadInputException.class, () -> merge(
                InjectorFixture.of(T0, T0 + 30_000, 100, 200),
                InjectorFixture.of(T0, T0 + 30_000, 100, 200)
                        .simulation("dev.syncbench.simulations.FireAndForgetSimulation")));
        assertTrue(refused.getMessage().startsWith("not runs of one load: simulation is "), refused.getMessage());
    }

    @Test
    void runsWithAnotherBatchSizeOrTargetAreRefused() {
        BadInputException batch = assertThrows(BadInputException.class, () -> merge(
                InjectorFixture.of(T0, T0 + 30_000, 100), InjectorFixture.of(T0, T0 + 30_000, 100).batchSize(20)));
        assertTrue(batch.getMessage().contains("batch_size is 10 in"), batch.getMessage());
        BadInputException target = assertThrows(BadInputException.class, () -> merge(
                InjectorFixture.of(T0, T0 + 30_000, 100),
                InjectorFixture.of(T0, T0 + 30_000, 100).target("external", "ws://10.0.0.6:8080/ws")));
        assertTrue(target.getMessage().contains("target is external ws://10.0.0.5:8080/ws in"), target.getMessage());
    }

    @Test
    void runsAgainstAServerOfTheirOwnAreRefused() {
        InjectorFixture embedded = InjectorFixture.of(T0, T0 + 30_000, 100)
                .target("embedded", "embedded syncbench (ws://127.0.0.1:40111/ws)");
        BadInputException refused = assertThrows(BadInputException.class, () -> merge(embedded, embedded));
        assertTrue(refused.getMessage().contains("ran against its own embedded server"), refused.getMessage());
        assertTrue(refused.getMessage().contains("-Dtarget=ws://"), refused.getMessage());
    }

    @Test
    void twoInjectorsThatWroteOneMapOnTheServerAreRefusedAndToldToNameTheirOwn() {
        BadInputException refused = assertThrows(BadInputException.class, () -> merge(
                InjectorFixture.of(T0, T0 + 30_000, 100).map("bench"),
                InjectorFixture.of(T0, T0 + 30_000, 100).map("injector-b"),
                InjectorFixture.of(T0, T0 + 30_000, 100).map("bench")));
        assertEquals(dir.resolve("injector-0") + " and " + dir.resolve("injector-2") + " both wrote the map 'bench' on "
                + InjectorFixture.SERVER + ": their records overwrote each other's and each one's nothing_lost read "
                + "back the other's too; give each injector its own -Dmap (e.g. -Dmap=injector-a, -Dmap=injector-b) "
                + "and run them again", refused.getMessage());
    }

    @Test
    void injectorsThatEachWroteTheirOwnMapMerge() throws IOException {
        RunMerge.Merged merged = merge(InjectorFixture.of(T0, T0 + 30_000, 100).map("injector-a"),
                InjectorFixture.of(T0, T0 + 30_000, 100).map("injector-b"));
        assertEquals(List.of("injector-a", "injector-b"),
                merged.runs().stream().map(run -> run.record().map()).toList());
        assertEquals(2, merged.measurement().windows().getTotalCount());
    }

    @Test
    void aRecordWrittenBeforeRunsNamedTheirMapWroteTheDefaultMap() throws IOException {
        Path a = InjectorFixture.of(T0, T0 + 30_000, 100).map("injector-a").writeTo(dir.resolve("a"));
        Path record = a.resolve(InjectorRecord.FILE);
        String json = Files.readString(record);
        assertTrue(json.contains("\"map\" : \"injector-a\","), json);
        Files.writeString(record, json.replace("\"map\" : \"injector-a\",", ""));
        assertEquals("bench", InjectorRun.read(a).record().map());
    }

    @Test
    void windowsThatDoNotOverlapAreRefused() {
        BadInputException refused = assertThrows(BadInputException.class, () -> merge(
                InjectorFixture.of(T0, T0 + 30_000, 100), InjectorFixture.of(T0 + 30_000, T0 + 60_000, 100)));
        assertTrue(refused.getMessage().startsWith("the injectors' measured windows do not overlap"),
                refused.getMessage());
    }

    @Test
    void windowsThatOverlapForLessThanHalfTheirUnionAreRefused() {
        BadInputException refused = assertThrows(BadInputException.class, () -> merge(
                InjectorFixture.of(T0, T0 + 30_000, 100), InjectorFixture.of(T0 + 20_000, T0 + 50_000, 100)));
        assertTrue(refused.getMessage().contains("overlap for only 10000 ms of 50000 ms"), refused.getMessage());
    }

    @Test
    void aCorruptLogIsRefusedNamingTheFile() throws IOException {
        Path a = InjectorFixture.of(T0, T0 + 30_000, 100, 200).writeTo(dir.resolve("a"));
        Path log = a.resolve(InjectorRun.LOG);
        String text = Files.readString(log);
        int data = text.lastIndexOf(',') + 1; // the last histogram's base64 payload
        Files.writeString(log, text.substring(0, data) + "####" + text.substring(data + 4));

        BadInputException refused = assertThrows(BadInputException.class, () -> InjectorRun.read(a));
        assertTrue(refused.getMessage().startsWith(log + " is not a readable HdrHistogram log"), refused.getMessage());
    }

    @Test
    void aLogCutShortIsRefused() throws IOException {
        Path a = InjectorFixture.of(T0, T0 + 30_000, 100, 200).writeTo(dir.resolve("a"));
        Path log = a.resolve(InjectorRun.LOG);
        List<String> lines = Files.readAllLines(log);
        Files.write(log, lines.subList(0, lines.size() - 1)); // the last interval is gone

        BadInputException refused = assertThrows(BadInputException.class, () -> InjectorRun.read(a));
        assertTrue(refused.getMessage().contains("the log is cut short or belongs to another run"),
                refused.getMessage());
    }

    @Test
    void aMissingOrCorruptRecordIsRefused() throws IOException {
        Path a = InjectorFixture.of(T0, T0 + 30_000, 100).writeTo(dir.resolve("a"));
        Path record = a.resolve(InjectorRecord.FILE);
        String json = Files.readString(record);
        Files.writeString(record, json.substring(0, json.length() / 2));
        BadInputException corrupt = assertThrows(BadInputException.class, () -> InjectorRun.read(a));
        assertTrue(corrupt.getMessage().startsWith(record + " is not valid JSON"), corrupt.getMessage());

        Files.writeString(record, json.replace("\"counted_ops\"", "\"other\""));
        BadInputException field = assertThrows(BadInputException.class, () -> InjectorRun.read(a));
        assertTrue(field.getMessage().contains("counted_ops is missing"), field.getMessage());

        Files.delete(record);
        BadInputException missing = assertThrows(BadInputException.class, () -> InjectorRun.read(a));
        assertTrue(missing.getMessage().startsWith("no " + InjectorRecord.FILE + " at " + record),
                missing.getMessage());
    }

    @Test
    void aMissingLogOrDirectoryIsRefused() throws IOException {
        Path a = InjectorFixture.of(T0, T0 + 30_000, 100).writeTo(dir.resolve("a"));
        Files.delete(a.resolve(InjectorRun.LOG));
        BadInputException log = assertThrows(BadInputException.class, () -> InjectorRun.read(a));
        assertEquals("no HdrHistogram log at " + a.resolve(InjectorRun.LOG), log.getMessage());
        BadInputException none = assertThrows(BadInputException.class, () -> InjectorRun.read(dir.resolve("b")));
        assertTrue(none.getMessage().startsWith(dir.resolve("b") + " is not a directory"), none.getMessage());
    }

    private RunMerge.Merged merge(InjectorFixture... injectors) throws IOException {
        List<InjectorRun> runs = new ArrayList<>();
        for (int i = 0; i < injectors.length; i++) {
            runs.add(InjectorRun.read(injectors[i].writeTo(dir.resolve("injector-" + i))));
        }
        return RunMerge.merge(runs);
    }

    private static long[] randomLatencies(long seed, int count, long min, long max) {
        Random random = new Random(seed);
        return LongStream.generate(() -> min + (long) (Math.pow(random.nextDouble(), 3) * (max - min)))
                .limit(count).toArray();
    }
}
