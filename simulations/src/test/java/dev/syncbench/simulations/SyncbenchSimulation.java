package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import dev.syncbench.simulations.judging.Baseline;
import dev.syncbench.simulations.judging.CountingSettings;
import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.judging.Judge;
import dev.syncbench.simulations.judging.LoadMeasurement;
import dev.syncbench.simulations.judging.RunCost;
import dev.syncbench.simulations.judging.RunResult;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.ConfirmedSample;
import dev.syncbench.simulations.load.Connection;
import dev.syncbench.simulations.load.GatlingUnitLog;
import dev.syncbench.simulations.load.LoadMode;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.load.Routing;
import dev.syncbench.simulations.load.RunMetrics;
import dev.syncbench.simulations.merge.InjectorLogs;
import dev.syncbench.simulations.report.ConsoleBlock;
import dev.syncbench.simulations.report.ConsoleReport;
import dev.syncbench.simulations.report.ReportArchive;
import dev.syncbench.simulations.report.RunSummary;
import dev.syncbench.simulations.target.ClusterSettings;
import dev.syncbench.simulations.target.ConnectionSpread;
import dev.syncbench.simulations.target.CpuSampler;
import dev.syncbench.simulations.target.MerkleReadBack;
import dev.syncbench.simulations.target.StoreCheck;
import dev.syncbench.simulations.target.StorageChoice;
import dev.syncbench.simulations.target.Target;
import dev.syncbench.simulations.target.TargetKind;
import dev.syncbench.simulations.wire.FrameTap;
import dev.syncbench.simulations.wire.Handshake;
import dev.syncbench.simulations.wire.SocketProbe;
import dev.syncbench.simulations.wire.Tokens;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What both simulations share: reading the parameters and the baseline, starting or checking the
 * target, the connection handshake (AUTH_REQUIRED, AUTH, AUTH_ACK), a {@link FrameTap} on each
 * socket so every frame the server sends is read, building batches, awaiting the end of a window,
 * and judging, printing and archiving the run at the end.
 */
public abstract class SyncbenchSimulation extends Simulation {
    static final String WS_NAME = Handshake.WS_NAME;
    static final String CONNECTION = "syncbench.connection";
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    static final Duration SETTLE_POLL = Duration.ofMillis(5);
    /** Gatling logs every send as a request of 0 ms: its name says it times nothing. */
    static final String SEND = "OP_BATCH sent (0 ms, not timed)";
    static final String AWAIT = "await answers";

    protected final LoadSettings settings;
    protected final CountingSettings counting;
    protected final Baseline baseline;
    protected final RunMetrics metrics = new RunMetrics();
    private final LoadMode mode;
    private final Target target;
    private final ConnectionSpread spread;
    private final CpuSampler cpu;
    private final Tokens tokens;
    private final ReportArchive archive;
    private final Instant startedAt = Instant.now();

    protected SyncbenchSimulation(LoadMode mode) {
        this.mode = mode;
        LoadSettings loadSettings;
        CountingSettings countingSettings;
        Baseline loadedBaseline;
        Target startedTarget;
        ConnectionSpread startedSpread;
        Tokens signer;
        try {
            loadSettings = LoadSettings.fromSystemProperties();
            loadedBaseline = Baseline.load(loadSettings.baselineFile(), loadSettings.baselineProfile(), mode,
                    StorageChoice.fromSystemProperties().label());
            countingSettings = CountingSettings.fromSystemProperties(loadedBaseline, loadSettings.baselineFile(), mode);
            signer = new Tokens(loadSettings.jwtSecret());
            Routing routing = ClusterSettings.fromSystemProperties(loadSettings).routing();
            startedTarget = Target.startChecked(loadSettings, signer);
            try {
                startedSpread = ConnectionSpread.of(startedTarget, routing, signer.forConnection(0));
            } catch (BadInputException e) {
                startedTarget.close();
                throw e;
            }
        } catch (BadInputException e) {
            throw JvmExit.withMessage(e.getMessage());
        }
        this.spread = startedSpread;
        metrics.confirmedSample().keyedBy(spread.keys());
        this.settings = loadSettings;
        this.counting = countingSettings;
        this.baseline = loadedBaseline;
        this.tokens = signer;
        this.target = startedTarget;
        this.cpu = CpuSampler.start(target);
        this.archive = new ReportArchive(settings.reportsDir(), settings.baselineFile(),
                getClass().getSimpleName().toLowerCase(Locale.ROOT), mode.label(), startedAt);
        archive.registerShutdownHook();
        System.out.printf(Locale.ROOT, "syncbench: %s against %s, %d connections for %d s after a %d s warm-up, "
                        + "batches of %d ops into map %s, replies %s, baseline profile %s%n", mode.label(),
                target.description(), settings.connections(), settings.durationSecs(), counting.warmupSecs(),
                settings.batchSize(), settings.map(),
                counting.ordered() ? "in order" : "in any order (-Dordered=false)", baseline.profile());
        if (target.webSocketUrls().size() > 1 || spread.routing() == Routing.OWNER) {
            System.out.println("syncbench: spread over " + spread.describe());
        }
    }

    /** Registers the population: every connection at once, as TopGun's harness does, bounded in time. */
    protected final void start(ScenarioBuilder scenario, List<Assertion> assertions) {
        URI url = target.webSocketUrl();
        HttpProtocolBuilder protocol = http
                .wsBaseUrl(url.getScheme() + "://" + url.getRawAuthority())
                .wsMaxReconnects(0);
        setUp(scenario.injectOpen(atOnceUsers(settings.connections())))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(counting.warmupSecs() + settings.durationSecs() + 90L))
                .assertions(assertions);
    }

    /**
     * The handshake of {@link Handshake}; then the user's {@link Connection}, which from now on reads
     * every frame of the socket and reports each ended unit to Gatling as {@code unitName}.
     */
    protected final ChainBuilder connectAndAuthenticate(String unitName) {
        long warmupNanos = Duration.ofSeconds(counting.warmupSecs()).toNanos();
        long durationNanos = Duration.ofSeconds(settings.durationSecs()).toNanos();
        ChainBuilder handshake = target.webSocketUrls().size() == 1
                ? Handshake.connectAndAuthenticate(target.webSocketUrl(), tokens, metrics.handshakes(),
                        settings.connections())
                : Handshake.connectAndAuthenticate(spread::urlOf, tokens, metrics.handshakes(), settings.connections());
        return handshake
                .exec(session -> {
                    long measuredFrom = metrics.startMeasuring(System.nanoTime(), warmupNanos);
                    Connection connection = new Connection(session.userId(), settings.batchSize(),
                            measuredFrom + durationNanos, answerTimeout().toNanos(), counting.ordered(), metrics,
                            spread.keys(), settings.map());
                    connection.logTo(GatlingUnitLog.of(session, WS_NAME, unitName));
                    FrameTap.install(FrameTap.channelOf(session, WS_NAME), new FrameTap(connection::onFrame));
                    return session.set(CONNECTION, connection);
                });
    }

    /**
     * Repeats {@code body} until the user's duration is over or its socket is gone; then waits until
     * every batch is answered or has timed out, so a late ERROR is still seen, and closes.
     */
    protected final ChainBuilder untilDeadlineThenClose(ChainBuilder body) {
        return asLongAs(session -> connection(session).beforeDeadline() && SocketProbe.isOpen(session, WS_NAME))
                .on(body)
                .asLongAs(session -> {
                    Connection connection = connection(session);
                    connection.expire(System.nanoTime());
                    return !connection.allAnswered() && SocketProbe.isOpen(session, WS_NAME);
                })
                .on(pause(SETTLE_POLL))
                .exec(session -> {
                    connection(session).finish(System.nanoTime());
                    return session;
                })
                .exec(ws("close").wsName(WS_NAME).close());
    }

    /** A batch sent without waiting for anything; {@code closesWindow} makes it its own unit (window 0). */
    protected final ActionBuilder sendBatch(boolean closesWindow) {
        return ws(SEND).wsName(WS_NAME).sendBytes(session -> nextBatch(session, System.nanoTime(), closesWindow));
    }

    /**
     * The window's last batch, then a wait until every batch of the window is answered (at most
     * {@link #ACK_TIMEOUT}). The wait is a silent Gatling check: the unit is reported by the
     * connection, with its real outcome, whatever frame ended it.
     */
    protected final ActionBuilder sendBatchAndAwaitWindow() {
        return ws(SEND).wsName(WS_NAME).sendBytes(session -> nextBatch(session, startOf(session), true))
                .await(ACK_TIMEOUT).on(ws.checkBinaryMessage(AWAIT)
                        .matching(bodyBytes().transformWithSession((frame, session) ->
                                connection(session).awaitedWindowEnded()).is(true))
                        .silent());
    }

    /** Fire-and-wait's pause: {@code interval} after the answer, or until the next slot of a fixed schedule. */
    protected final ChainBuilder pauseBetweenBatches() {
        if (!counting.fixedSchedule()) {
            return exec(pause(Duration.ofMillis(settings.intervalMs())));
        }
        return exec(pause(session -> Duration.ofNanos(connection(session).nanosToNextSlot(System.nanoTime()))));
    }

    private long startOf(Session session) {
        long now = System.nanoTime();
        return counting.fixedSchedule() && mode == LoadMode.FIRE_AND_WAIT
                ? connection(session).takeSlot(now, Duration.ofMillis(settings.intervalMs()).toNanos())
                : now;
    }

    private byte[] nextBatch(Session session, long startNanos, boolean closesWindow) {
        return connection(session).nextBatch(System.nanoTime(), startNanos, closesWindow,
                SocketProbe.isOpen(session, WS_NAME));
    }

    /**
     * Gatling's assertions, on the units the connections report ({@code unitName}): the same samples
     * as syncbench's µs gates, so they agree with them. p50 in whole ms: each unit is logged rounded
     * up and the floor is rounded up, so a run within the µs floor is within Gatling's. The confirmed
     * share: the same count. Throughput is not asserted by Gatling: its requestsPerSec divides by the
     * whole run in whole seconds (handshakes and close included), so syncbench's ops_per_sec gate,
     * over the load window, is the one throughput verdict.
     */
    protected final List<Assertion> assertions(String unitName) {
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(details(unitName).responseTime().percentile(50).lte(Judge.gatlingP50FloorMs(baseline)));
        if (baseline.floors().minAckedPct() > 0) {
            assertions.add(details(unitName).successfulRequests().percent().gt(baseline.floors().minAckedPct()));
        }
        return assertions;
    }

    private static Connection connection(Session session) {
        return session.get(CONNECTION);
    }

    @Override
    public void after() {
        List<ConfirmedSample.Op> sample = metrics.confirmedSample().ops();
        StoreCheck store = StoreCheck.read(target, settings.map(), sample);
        if (!store.known() && target.kind() != TargetKind.ECHO) {
            store = target.eachServerHoldsEverything()
                    ? MerkleReadBack.read(target.webSocketUrl(), tokens.forConnection(0), settings.map(), sample,
                            startedAt.toEpochMilli())
                    : MerkleReadBack.readEach(target.webSocketUrls(), tokens.forConnection(0), settings.map(),
                            sample, startedAt.toEpochMilli());
            // The member read back learns of other members' writes from their owners, a few ms after
            // the OP_ACK: a sampled op still missing there is looked for again before it counts as lost.
            for (int retry = 0; retry < 3 && store.known() && store.wrongCount() > 0
                    && target.webSocketUrls().size() > 1 && target.eachServerHoldsEverything(); retry++) {
                sleepQuietly(Duration.ofSeconds(2));
                store = MerkleReadBack.read(target.webSocketUrl(), tokens.forConnection(0), settings.map(),
                        sample, startedAt.toEpochMilli());
            }
        }
        store = loadRecordsOnly(store);
        Baseline judgedBy = judgedBy(baseline);
        LoadMeasurement measured = LoadMeasurement.of(metrics);
        RunResult result = Judge.judge(mode, settings, counting, judgedBy, measured, store).withGates(extraGates());
        RunCost cost = RunCost.measure(mode, settings, target, cpu, metrics.loadStartNanos(), metrics.loadEndNanos(),
                result.countedOps(), result.opsPerSec(), judgedBy.floors());
        target.close();
        ConsoleBlock.print(System.out, out -> {
            printExtra(out);
            ConsoleReport.print(out, settings, target.description(), result, cost);
        });
        InjectorLogs.keep(InjectorLogs.dirFor(archive.runDir()), System.out, getClass().getName(), mode, settings,
                counting, judgedBy, target.kind(), target.description(), result, measured, metrics.loadStartNanos(),
                metrics.loadEndNanos());
        Map<String, Object> summary = RunSummary.of(settings, baseline, target.description(), getClass().getName(),
                result, startedAt, cost);
        summary.put("spread", spread.asMap());
        summary.putAll(extraSummary());
        archive.complete(summary, !result.passed() || !cost.passed());
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The baseline the run is judged by: the one loaded, unless a population judges some floors apart. */
    protected Baseline judgedBy(Baseline loaded) {
        return loaded;
    }

    /** How long a batch may wait for its answer before it counts as timed out; {@link #ACK_TIMEOUT} by default. */
    protected Duration answerTimeout() {
        return ACK_TIMEOUT;
    }

    /** The store's count of the written map, less records other clients of the population wrote there. */
    protected StoreCheck loadRecordsOnly(StoreCheck store) {
        return store;
    }

    /** Gates a population judges beside the usual ones; none by default. */
    protected List<GateResult> extraGates() {
        return List.of();
    }

    /** Printed before the usual report; nothing by default. */
    protected void printExtra(PrintStream out) {
    }

    /** Sections added to the JSON summary; none by default. */
    protected Map<String, Object> extraSummary() {
        return Map.of();
    }

    /** The target under load (its WebSocket URL, for clients beside the population). */
    protected final URI targetUrl() {
        return target.webSocketUrl();
    }

    /** The target itself, for populations that watch its process. */
    protected final Target targetServer() {
        return target;
    }

    protected final Tokens tokens() {
        return tokens;
    }
}
