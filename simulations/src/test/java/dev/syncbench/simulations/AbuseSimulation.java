package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncbench.simulations.abuse.AbusePhases;
import dev.syncbench.simulations.abuse.AbuseSettings;
import dev.syncbench.simulations.abuse.AbuseTally;
import dev.syncbench.simulations.abuse.Abusers;
import dev.syncbench.simulations.abuse.ForeignWrites;
import dev.syncbench.simulations.abuse.NeverReader;
import dev.syncbench.simulations.abuse.PhaseSplit;
import dev.syncbench.simulations.abuse.RegexSubscriber;
import dev.syncbench.simulations.abuse.UnauthenticatedFlood;
import dev.syncbench.simulations.judging.AbuseJudge;
import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.RunMetrics;
import dev.syncbench.simulations.report.LatencyTable;
import dev.syncbench.simulations.target.StoreCheck;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fire-and-wait load beside three abusive clients (issue 9): one that subscribes and never reads
 * ({@link NeverReader}), one with pathological regex and LIKE live queries on large values
 * ({@link RegexSubscriber}), and a flood of unauthenticated garbage and OP_BATCH frames
 * ({@link UnauthenticatedFlood}). The abusers work in alternate phases ({@code -Dabuse.phaseSecs},
 * off first), so the control is inside the run: the load's p99 while they work must stay within
 * {@code -Dabuse.tolerancePct} of its p99 without them, and the usual gates (nothing acknowledged
 * lost, timeouts, ops/s floor) hold over the whole run.
 *
 * <p>Not part of the ordinary {@code mvn gatling:test} (the plugin excludes it); run it with
 * {@code -Dgatling.simulationClass=dev.syncbench.simulations.AbuseSimulation}.
 */
public class AbuseSimulation extends SyncbenchSimulation {
    static {
        // a 30 s run is a single phase; without -Dduration this population runs two phases of 30 s
        if (System.getProperty("duration") == null) {
            System.setProperty("duration", "60");
        }
    }

    private final AbuseSettings abuse;
    private final AbuseTally tally = new AbuseTally();
    private final ForeignWrites foreignWrites = new ForeignWrites();
    private final Abusers abusers;
    private volatile PhaseSplit split;

    public AbuseSimulation() {
        super(LoadMode.FIRE_AND_WAIT);
        try {
            abuse = AbuseSettings.fromSystemProperties();
        } catch (BadInputException e) {
            throw JvmExit.withMessage(e.getMessage());
        }
        metrics.observeWindows((startNanos, latencyUs) -> {
            PhaseSplit phases = split();
            if (phases != null) {
                phases.record(startNanos, latencyUs);
            }
        });
        abusers = new Abusers(targetUrl(), tokens(), abuse, settings.map(),
                () -> split() == null ? null : split().phases(), tally, foreignWrites);
        System.out.printf(Locale.ROOT, "syncbench: abuse in alternate phases of %d s (off first, %d s settling after "
                        + "each switch): %d never-reader(s), %d regex subscriber(s), %d unauthenticated flood "
                        + "connection(s) at %d frames/s each; p99 tolerance %d%%%n", abuse.phaseSecs(),
                abuse.settleSecs(), abuse.neverReaders(), abuse.regexSubscribers(), abuse.floodConnections(),
                abuse.floodRate(), abuse.tolerancePct());
        ScenarioBuilder scenario = scenario("fire-and-wait beside abusers")
                .exec(connectAndAuthenticate(FireAndWaitSimulation.ACK))
                .exec(untilDeadlineThenClose(exec(sendBatchAndAwaitWindow()).exec(pauseBetweenBatches())));
        start(scenario, assertions(FireAndWaitSimulation.ACK));
    }

    /** The phase clock starts where the load's warm-up ends, known once the first connection starts. */
    private PhaseSplit split() {
        PhaseSplit current = split;
        if (current != null) {
            return current;
        }
        long from = metrics.measuredFromNanos();
        if (from == Long.MIN_VALUE) {
            return null;
        }
        synchronized (this) {
            if (split == null) {
                split = new PhaseSplit(new AbusePhases(from, Duration.ofSeconds(abuse.phaseSecs()).toNanos(),
                        Duration.ofSeconds(abuse.settleSecs()).toNanos()));
            }
            return split;
        }
    }

    @Override
    public void before() {
        abusers.start();
    }

    @Override
    public void after() {
        abusers.close(); // before the store is read, so the abusers' writes are final
        super.after();
    }

    @Override
    protected StoreCheck loadRecordsOnly(StoreCheck store) {
        RunMetrics.Tally m = metrics.measured();
        RunMetrics.Tally w = metrics.warmup();
        return foreignWrites.withoutForeignKeys(store, m.confirmedOps() + w.confirmedOps(),
                m.timedOutOps() + w.timedOutOps());
    }

    @Override
    protected List<GateResult> extraGates() {
        PhaseSplit phases = split();
        return phases == null ? List.of(GateResult.check("p99_with_abuse", false, "the load never started"))
                : AbuseJudge.gates(phases, tally.counts(), abuse);
    }

    @Override
    protected void printExtra(PrintStream out) {
        PhaseSplit phases = split();
        out.println();
        out.println("=== abuse phases (load write latency, µs, by the phase each batch started in) ===");
        if (phases != null) {
            LatencyTable.printHeader(out);
            LatencyTable.printRow(out, "without abuse", phases.off());
            LatencyTable.printRow(out, "with abuse", phases.on());
            phases.perPhase().forEach((index, histogram) ->
                    LatencyTable.printRow(out, "phase " + index + (index % 2 == 1 ? " on" : " off"), histogram));
        }
        tally.counts().forEach((abuser, counts) -> counts.forEach((what, count) ->
                out.println(abuser + ": " + count + " x " + what)));
    }

    @Override
    protected Map<String, Object> extraSummary() {
        PhaseSplit phases = split();
        return phases == null ? Map.of() : Map.of("abuse", AbuseJudge.figures(phases, tally.counts(), abuse));
    }
}
