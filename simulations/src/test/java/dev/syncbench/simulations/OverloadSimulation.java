package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncbench.simulations.judging.Baseline;
import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.judging.OverloadBaseline;
import dev.syncbench.simulations.judging.OverloadJudge;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.RunMetrics;
import dev.syncbench.simulations.overload.OverloadSettings;
import dev.syncbench.simulations.overload.OverloadWatch;
import dev.syncbench.simulations.report.LatencyTable;
import dev.syncbench.simulations.report.SoakReport;
import dev.syncbench.simulations.target.ResourceSample;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Overload without loss (issue 14): fire-and-forget with window 0 (sends never wait for answers)
 * from 1,000 connections against the server jar, far more than it can apply, while
 * {@code overload.neverReaders} clients subscribe to the written map and stop reading. The server
 * must push back (TCP and its bounded queues) rather than buffer: its heap after GC, sampled over
 * time, stays under a ceiling and close to its live data; every batch is answered, with an OP_ACK
 * or an ERROR that has a code, within {@code overload.answerSecs}; everything acknowledged is
 * stored; a fire-and-wait probe gets its normal latency as soon as the load stops; and the slow
 * readers are closed (1013) without costing the load an answer.
 *
 * <p>Not part of the ordinary {@code mvn gatling:test} (the plugin excludes it); run it with
 * {@code -Dgatling.simulationClass=dev.syncbench.simulations.OverloadSimulation -Dtarget=jar}.
 */
public class OverloadSimulation extends SyncbenchSimulation {
    static {
        OverloadSettings.defaultLoad();
    }

    private final OverloadSettings overload;
    private final OverloadBaseline limits;
    private OverloadWatch watch;
    private List<GateResult> overloadGates = List.of();
    private OverloadJudge.Measured measured;

    public OverloadSimulation() {
        super(LoadMode.FIRE_AND_FORGET);
        try {
            overload = OverloadSettings.fromSystemProperties(settings);
            limits = OverloadBaseline.load(settings.baselineFile(), settings.baselineProfile());
        } catch (BadInputException e) {
            throw JvmExit.withMessage(e.getMessage());
        }
        System.out.printf(Locale.ROOT, "syncbench: overload: %d connections unconfirmed (window 0), each batch "
                        + "answered within %d s or unanswered; %d never-readers stalling %d s; probe every %d ms for "
                        + "%d s before and after; heap sampled every %d ms%n", settings.connections(),
                overload.answerSecs(), overload.neverReaders(), overload.stallSecs(), overload.probeEveryMs(),
                overload.probeSecs(), overload.sampleMs());
        ScenarioBuilder scenario = scenario("overload (unconfirmed)")
                .exec(connectAndAuthenticate(FireAndForgetSimulation.BATCH_ACK))
                .exec(untilDeadlineThenClose(exec(sendBatch(true))));
        start(scenario, List.of());
    }

    @Override
    protected Duration answerTimeout() {
        return Duration.ofSeconds(overload.answerSecs()); // read per connection, once the constructor is done
    }

    @Override
    public void before() {
        try {
            watch = OverloadWatch.start(targetServer(), tokens(), overload);
        } catch (BadInputException e) {
            throw JvmExit.withMessage(e.getMessage());
        }
        long durationNanos = Duration.ofSeconds(settings.durationSecs()).toNanos();
        watch.watchLoad(targetUrl(), tokens(), settings.map(), () -> {
            long from = metrics.measuredFromNanos();
            return from == Long.MIN_VALUE ? Long.MIN_VALUE : from + durationNanos;
        });
    }

    @Override
    public void after() {
        watch.finish();
        watch.close();
        RunMetrics.Tally m = metrics.measured();
        RunMetrics.Tally w = metrics.warmup();
        Map<String, Long> stray = new LinkedHashMap<>(metrics.otherFrames());
        metrics.unattributedErrors().forEach((description, count) -> stray.merge("unattributed " + description, count,
                Long::sum));
        measured = watch.measured(m.timedOutBatches() + w.timedOutBatches(), metrics.batchErrors(), stray);
        overloadGates = OverloadJudge.gates(measured, limits);
        super.after();
    }

    /**
     * Throughput and CPU per batch are gated where they are comparable, in FireAndForgetSimulation at
     * its own load; here both are printed only: an overload measures what the server does with more
     * than it can take (ops/s counts sends, timed to the last answer), and 1,000 connections each
     * sending unconfirmed cost more per batch than 200. Every other floor (timeouts, order, nothing
     * lost) applies as loaded.
     */
    @Override
    protected Baseline judgedBy(Baseline loaded) {
        Baseline.Floors floors = loaded.floors();
        return new Baseline(loaded.source(), loaded.profile(), new Baseline.Floors(0, floors.maxP50Us(),
                floors.minAckedPct()), loaded.regressionTolerancePct(), loaded.reference(), loaded.profileChoice(),
                loaded.floorLoad());
    }

    @Override
    protected List<GateResult> extraGates() {
        return overloadGates;
    }

    @Override
    protected void printExtra(PrintStream out) {
        SoakReport.printResources(out, watch.samples(), Map.of(), 0);
        out.printf(Locale.ROOT, "load sent from %.1f s to %.1f s of the samples, every batch answered by %.1f s; "
                        + "peak heap after GC %.1f MiB; live heap (full GC) %.1f MiB when the clients stopped sending, "
                        + "%.1f MiB once every batch was answered; ops applied %d then, %d at the end; ERRORs refusing "
                        + "batches: %s%n", watch.loadStartSecs(), watch.loadEndSecs(), watch.answeredSecs(),
                watch.peakHeapMib(), watch.liveAtStopMib(), watch.liveHeapMib(), watch.appliedAtStop(),
                watch.appliedAtEnd(), metrics.batchErrors());
        out.println("slow readers: " + watch.slowReaderCounts());
        out.println("=== recovery probe (one-PUT fire-and-wait, µs) ===");
        LatencyTable.printHeader(out);
        LatencyTable.printRow(out, "before the load", watch.before().latency());
        if (watch.draining() != null) {
            LatencyTable.printRow(out, "while answering", watch.draining().latency());
        }
        if (watch.after() != null) {
            LatencyTable.printRow(out, "after the load", watch.after().latency());
            out.println("first probe after the load: " + watch.after().firstUs() + " µs");
        }
    }

    @Override
    protected Map<String, Object> extraSummary() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("parameters", overload.asMap());
        figures.put("peak_heap_after_gc_mib", Math.round(measured.peakHeapMib() * 10) / 10.0);
        figures.put("live_heap_at_stop_mib", Math.round(measured.liveAtStopMib() * 10) / 10.0);
        figures.put("data_at_stop_mib", Math.round(measured.dataAtStopMib() * 10) / 10.0);
        figures.put("applied_at_stop", watch.appliedAtStop());
        figures.put("applied_at_end", watch.appliedAtEnd());
        figures.put("live_heap_after_load_mib", Math.round(watch.liveHeapMib() * 10) / 10.0);
        figures.put("probe_before_p50_us", measured.probeBeforeP50Us());
        figures.put("probe_after_p50_us", measured.probeAfterP50Us());
        figures.put("probe_after_first_us", watch.after() == null ? -1 : watch.after().firstUs());
        figures.put("probe_while_answering_p50_us", watch.draining() == null ? -1
                : watch.draining().latency().getTotalCount() == 0 ? -1 : watch.draining().latency().getValueAtPercentile(50));
        figures.put("answered_by_secs", watch.answeredSecs());
        figures.put("batch_errors", metrics.batchErrors());
        figures.put("slow_readers", measured.slowReaders());
        figures.put("load_from_secs", watch.loadStartSecs());
        figures.put("load_to_secs", watch.loadEndSecs());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("overload", figures);
        summary.put("resources", SoakReport.resources(watch.samples(), Map.of(), 0));
        return summary;
    }
}
