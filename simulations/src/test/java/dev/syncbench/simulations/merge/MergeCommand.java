package dev.syncbench.simulations.merge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.syncbench.simulations.judging.Baseline;
import dev.syncbench.simulations.judging.CountingSettings;
import dev.syncbench.simulations.judging.Judge;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.report.ConsoleReport;
import dev.syncbench.simulations.report.RunSummary;
import dev.syncbench.simulations.target.StoreCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Merges the runs of several injector machines that loaded one server together, and judges the merge
 * by baseline.json as a run is judged:
 * {@code mvn -q -pl simulations test-compile exec:java@merge -Dexec.args="injector-a injector-b"}.
 * Each argument is a run directory holding {@value InjectorRun#LOG} and {@value InjectorRecord#FILE}.
 * {@code -Dbaseline.profile} picks the floors (default: the profile every injector was judged by),
 * {@code -Dbaseline.file} the file, {@code -Dmerge.out} where the merged summary goes (default
 * {@code merged-<mode>.json} beside the first run directory). Exit status: 0 when every gate passes,
 * 2 when one fails, 1 on bad input.
 */
public final class MergeCommand {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MergeCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getProperties(), System.out, System.err));
    }

    /** Merges, prints and judges the runs in {@code dirs} with the {@code -D} options in {@code options}; the exit status. */
    public static int run(List<String> dirs, Properties options, PrintStream out, PrintStream err) {
        try {
            return mergeAndJudge(dirs, options, out);
        } catch (BadInputException e) {
            err.println("syncbench merge: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private static int mergeAndJudge(List<String> dirs, Properties options, PrintStream out) {
        if (dirs.isEmpty()) {
            throw new BadInputException("give the run directories of the injectors to merge, e.g. "
                    + "-Dexec.args=\"injector-a injector-b\"");
        }
        List<InjectorRun> runs = new ArrayList<>();
        for (String dir : dirs) {
            runs.add(InjectorRun.read(Path.of(dir)));
        }
        RunMerge.Merged merged = RunMerge.merge(runs);
        InjectorRecord first = merged.first();
        Path root = Path.of(options.getProperty("syncbench.root", ".")).toAbsolutePath().normalize();
        Path baselineFile = Path.of(options.getProperty("baseline.file", root.resolve("baseline.json").toString()));
        String profile = profile(runs, options);
        Baseline baseline = Baseline.load(baselineFile, profile, first.mode(), first.store());
        CountingSettings counting = CountingSettings.of(baseline, baselineFile, first.mode(), first.ordered(),
                first.warmupSecs(), first.fixedSchedule());
        LoadSettings settings = new LoadSettings(merged.connections(), intParameter(first, "duration_secs"),
                intParameter(first, "interval_ms"), intParameter(first, "batch_size"), intParameter(first, "window"),
                targetUrl(first), "", baselineFile, profile, root.resolve("reports"), root);
        RunResult result = Judge.judge(first.mode(), settings, counting, baseline, merged.measurement(),
                new StoreCheck(-1, 0, List.of(), 0, "each injector checked the store after its own run; see "
                        + "its nothing_lost line above"));
        out.println();
        out.println("=== syncbench merge of " + runs.size() + " injectors' runs ===");
        for (InjectorRun run : runs) {
            InjectorRecord r = run.record();
            out.printf(Locale.ROOT, "%s: %s, run %s, map %s, %d connections, window %d..%d epoch ms (%.1f s), "
                            + "%d ops counted; nothing_lost there: %s%n", run.dir(), r.injectorHost(), r.run(), r.map(),
                    r.connections(), r.windowStartMillis(), r.windowEndMillis(), r.loadSeconds(), r.countedOps(), r.storeCheck());
        }
        out.printf(Locale.ROOT, "merged window: the union of theirs, %d..%d epoch ms (%.3f s); all measured at "
                        + "once for %.3f s%n", merged.windowStartMillis(), merged.windowEndMillis(),
                result.loadSeconds(), merged.overlapSeconds());
        out.println("floors: baseline profile " + baseline.profile() + (options.getProperty("baseline.profile", "")
                .isBlank() ? ", the one every injector's run was judged by" : ", selected by -Dbaseline.profile"));
        List<String> maps = runs.stream().map(run -> run.record().map()).toList();
        ConsoleReport.print(out, settings, first.target(), "maps " + String.join(", ", maps) + " (one per injector)",
                result, null);
        Map<String, Object> summary = RunSummary.of(settings, baseline, first.target(), first.simulation(), result,
                Instant.ofEpochMilli(merged.windowStartMillis()));
        @SuppressWarnings("unchecked")
        Map<String, Object> provenance = (Map<String, Object>) summary.get("provenance");
        provenance.put("map", maps); // one per injector, not the single map of a run
        summary.put("merge", mergeSection(merged));
        Path output = output(runs, options);
        try {
            JSON.writeValue(output.toFile(), summary);
        } catch (IOException e) {
            throw new BadInputException("cannot write the merged summary " + output + ": " + e.getMessage());
        }
        out.println("syncbench merge: merged summary (µs, counts, verdict): " + output);
        out.flush();
        return result.passed() ? 0 : 2;
    }

    /** {@code -Dbaseline.profile}, else the profile every injector was judged by; injectors that differ must say. */
    private static String profile(List<InjectorRun> runs, Properties options) {
        String requested = options.getProperty("baseline.profile");
        if (requested != null && !requested.isBlank()) {
            return requested.trim();
        }
        String profile = runs.getFirst().record().baselineProfile();
        for (InjectorRun run : runs) {
            if (!run.record().baselineProfile().equals(profile)) {
                throw new BadInputException("the injectors were judged by different baseline profiles ("
                        + runs.getFirst().dir() + ": " + profile + ", " + run.dir() + ": "
                        + run.record().baselineProfile() + "); pass -Dbaseline.profile=<name> to pick one");
            }
        }
        return profile;
    }

    private static int intParameter(InjectorRecord record, String name) {
        if (!(record.parameters().get(name) instanceof Number number)) {
            throw new BadInputException("the run " + record.run() + " does not record its parameter " + name);
        }
        return number.intValue();
    }

    /** The server's URL, when the injectors loaded one at a URL. */
    private static URI targetUrl(InjectorRecord record) {
        if (!record.targetKind().equals("external")) {
            return null;
        }
        try {
            return URI.create(record.target());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Path output(List<InjectorRun> runs, Properties options) {
        String requested = options.getProperty("merge.out");
        if (requested != null && !requested.isBlank()) {
            return Path.of(requested.trim());
        }
        Path parent = runs.getFirst().dir().toAbsolutePath().normalize().getParent();
        return parent.resolve("merged-" + runs.getFirst().record().mode().label() + ".json");
    }

    private static Map<String, Object> mergeSection(RunMerge.Merged merged) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("injectors", merged.runs().size());
        section.put("window_start_epoch_ms", merged.windowStartMillis());
        section.put("window_end_epoch_ms", merged.windowEndMillis());
        section.put("window", "the union of the injectors' measured windows: every counted op was counted in it");
        section.put("overlap_secs", merged.overlapSeconds());
        section.put("latency", "the injectors' HdrHistograms added: percentiles of every recorded value");
        List<Map<String, Object>> runs = new ArrayList<>();
        for (InjectorRun run : merged.runs()) {
            InjectorRecord r = run.record();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("dir", run.dir().toString());
            one.put("injector_host", r.injectorHost());
            one.put("run", r.run());
            one.put("map", r.map());
            one.put("connections", r.connections());
            one.put("window_start_epoch_ms", r.windowStartMillis());
            one.put("window_end_epoch_ms", r.windowEndMillis());
            one.put("counted_ops", r.countedOps());
            one.put("nothing_lost", r.storeCheck());
            runs.add(one);
        }
        section.put("runs", runs);
        return section;
    }
}
