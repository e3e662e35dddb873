package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.WsSendBinaryActionBuilder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What both simulations share: reading the parameters and the baseline, starting or checking the
 * target, the connection handshake (AUTH_REQUIRED, AUTH, AUTH_ACK), building and counting batches,
 * recognising the awaited ack, and judging, printing and archiving the run at the end.
 */
public abstract class SyncbenchSimulation extends Simulation {
    static final String WS_NAME = Handshake.WS_NAME;
    static final String CONNECTION = "syncbench.connection";
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    static final String SEND = "send batch";

    protected final LoadSettings settings;
    protected final Baseline baseline;
    protected final RunMetrics metrics = new RunMetrics();
    private final LoadMode mode;
    private final Target target;
    private final CpuSampler cpu;
    private final Tokens tokens;
    private final ReportArchive archive;
    private final Instant startedAt = Instant.now();

    protected SyncbenchSimulation(LoadMode mode) {
        this.mode = mode;
        LoadSettings loadSettings;
        Baseline loadedBaseline;
        Target startedTarget;
        Tokens signer;
        try {
            loadSettings = LoadSettings.fromSystemProperties();
            loadedBaseline = Baseline.load(loadSettings.baselineFile(), loadSettings.baselineProfile(), mode);
            signer = new Tokens(loadSettings.jwtSecret());
            startedTarget = Target.startChecked(loadSettings, signer);
        } catch (BadInputException e) {
            throw JvmExit.withMessage(e.getMessage());
        }
        this.settings = loadSettings;
        this.baseline = loadedBaseline;
        this.tokens = signer;
        this.target = startedTarget;
        this.cpu = CpuSampler.start(target);
        this.archive = new ReportArchive(settings.reportsDir(), getClass().getSimpleName().toLowerCase(Locale.ROOT),
                mode.label(), startedAt);
        archive.registerShutdownHook();
        System.out.printf(Locale.ROOT, "syncbench: %s against %s, %d connections for %d s, batches of %d ops, "
                        + "baseline profile %s%n", mode.label(), target.description(), settings.connections(),
                settings.durationSecs(), settings.batchSize(), baseline.profile());
    }

    /** Registers the population: every connection at once, as TopGun's harness does, bounded in time. */
    protected final void start(ScenarioBuilder scenario, List<Assertion> assertions) {
        URI url = target.webSocketUrl();
        HttpProtocolBuilder protocol = http
                .wsBaseUrl(url.getScheme() + "://" + url.getRawAuthority())
                .wsMaxReconnects(0);
        setUp(scenario.injectOpen(atOnceUsers(settings.connections())))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(settings.durationSecs() + 90L))
                .assertions(assertions);
    }

    /** The handshake of {@link Handshake}, then the user's {@link Connection}. */
    protected final ChainBuilder connectAndAuthenticate() {
        long durationNanos = Duration.ofSeconds(settings.durationSecs()).toNanos();
        return Handshake.connectAndAuthenticate(target.webSocketUrl(), tokens, metrics.handshakes(),
                        settings.connections())
                .exec(session -> session.set(CONNECTION,
                        new Connection(session.userId(), settings.batchSize(), durationNanos)));
    }

    /** Repeats {@code body} until the user's duration is over or its socket is gone. */
    protected final ChainBuilder untilDeadline(ChainBuilder body) {
        return asLongAs(session -> connection(session).beforeDeadline() && SocketProbe.isOpen(session, WS_NAME))
                .on(body)
                .exec(session -> {
                    metrics.loopEnded(System.nanoTime());
                    return session;
                });
    }

    protected final ActionBuilder close() {
        return ws("close").wsName(WS_NAME).close();
    }

    /** A batch sent without waiting for anything. */
    protected final WsSendBinaryActionBuilder sendBatch() {
        return ws(SEND).wsName(WS_NAME).sendBytes(session -> nextBatch(session, false));
    }

    /** A batch, then its own OP_ACK (found by lastId), reported by Gatling under {@code checkName}. */
    protected final ActionBuilder sendBatchAndAwaitAck(String checkName) {
        return ws(SEND).wsName(WS_NAME).sendBytes(session -> nextBatch(session, true))
                .await(ACK_TIMEOUT).on(ws.checkBinaryMessage(checkName)
                        .matching(bodyBytes().transformWithSession(this::isAwaitedAck).is(true)));
    }

    private byte[] nextBatch(Session session, boolean awaited) {
        long now = System.nanoTime();
        byte[] frame = connection(session).nextBatch(now, awaited);
        if (SocketProbe.isOpen(session, WS_NAME)) {
            metrics.sent(now, awaited);
        } else {
            metrics.notSent();
        }
        return frame;
    }

    private Boolean isAwaitedAck(byte[] frame, Session session) {
        Connection connection = connection(session);
        if (!connection.isAckOfLastBatch(frame)) {
            if (!AckReader.isAck(frame)) {
                metrics.otherFrame(AckReader.describe(frame));
            }
            return false;
        }
        metrics.acked(System.nanoTime(), connection.sentNanos(),
                mode == LoadMode.FIRE_AND_FORGET ? connection.windowStartNanos() : 0);
        return true;
    }

    private static Connection connection(Session session) {
        return session.get(CONNECTION);
    }

    @Override
    public void after() {
        long applied = target.settledOpsApplied(metrics.sentBatches() * settings.batchSize());
        RunResult result = Judge.judge(mode, settings, baseline, metrics, applied, target.assertsNothingLost());
        RunCost cost = RunCost.measure(mode, settings, target, cpu, metrics.loadStartNanos(), metrics.loadEndNanos(),
                result.countedOps(), result.opsPerSec(), baseline.floors());
        target.close();
        ConsoleReport.print(System.out, settings, target.description(), result);
        cost.print(System.out);
        archive.complete(RunSummary.of(settings, baseline, target.description(), getClass().getName(), result,
                startedAt, cost), !result.passed() || !cost.passed());
    }
}
