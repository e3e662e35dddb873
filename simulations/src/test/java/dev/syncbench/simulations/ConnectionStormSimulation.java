package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.judging.StormBaseline;
import dev.syncbench.simulations.judging.StormJudge;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.report.ConsoleBlock;
import dev.syncbench.simulations.report.ReportArchive;
import dev.syncbench.simulations.report.StormReport;
import dev.syncbench.simulations.storm.LeakWatch;
import dev.syncbench.simulations.storm.MassReconnect;
import dev.syncbench.simulations.storm.StormMetrics;
import dev.syncbench.simulations.storm.StormSettings;
import dev.syncbench.simulations.target.Target;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.Handshake;
import dev.syncbench.simulations.wire.SocketProbe;
import dev.syncbench.simulations.wire.Tokens;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A connection storm (issue 14) against the server jar, in two phases and a check.
 *
 * <p><b>Storm:</b> {@code storm.users} Gatling users (2,000) at once, each connecting, awaiting
 * AUTH_REQUIRED, authenticating, sending one PING, awaiting its PONG and closing, over and over as
 * fast as the server answers, for {@code -Dduration} (60 s). A handshake is accepted at its
 * AUTH_ACK; its latency runs from the start of the TCP connect. A cycle that fails (refused, reset,
 * a step unanswered within 5 s, an ERROR) is counted with its step and reason.
 *
 * <p><b>Mass reconnect</b> ({@link MassReconnect}): {@code storm.reconnectClients} (1,000) live-query
 * subscribers of a fresh map drop their sockets together; while they are away a writer writes
 * {@code storm.reconnectRecords} (500) records, each acknowledged; then all reconnect together,
 * authenticate and subscribe again, and each snapshot must hold every acknowledged record with its value.
 *
 * <p><b>Leaks</b> ({@link LeakWatch}): once every client has gone, the server's open file
 * descriptors, threads and connections must be back to what they were before the storm, within
 * the slack {@code baseline.json} states, after at most {@code storm.settleSecs}.
 *
 * <p>Not part of the ordinary {@code mvn gatling:test} (the plugin excludes it); run it with
 * {@code -Dgatling.simulationClass=dev.syncbench.simulations.ConnectionStormSimulation -Dtarget=jar}.
 */
public class ConnectionStormSimulation extends Simulation {
    static final String WS_NAME = Handshake.WS_NAME;
    static final String LABEL = "connection-storm";
    private static final Duration STEP_TIMEOUT = Handshake.STEP_TIMEOUT;
    private static final String STARTED = "syncbench.cycleStarted";
    private static final String STEP = "syncbench.step";
    private static final String TOKEN = "syncbench.token";

    private final StormSettings settings;
    private final StormBaseline baseline;
    private final StormMetrics metrics = new StormMetrics();
    private final Target target;
    private final Tokens tokens;
    private final ReportArchive archive;
    private final Instant startedAt = Instant.now();
    private final String mapName = "storm-" + startedAt.toEpochMilli();
    private volatile long stormEndNanos;
    private LeakWatch leaks;

    public ConnectionStormSimulation() {
        try {
            settings = StormSettings.fromSystemProperties();
            baseline = StormBaseline.load(settings.common().baselineFile(), settings.common().baselineProfile());
            tokens = new Tokens(settings.common().jwtSecret());
            target = Target.startChecked(settings.common(), tokens);
        } catch (BadInputException e) {
            throw JvmExit.withMessage(e.getMessage());
        }
        archive = new ReportArchive(settings.common().reportsDir(), settings.common().baselineFile(),
                getClass().getSimpleName().toLowerCase(Locale.ROOT), LABEL, startedAt);
        archive.registerShutdownHook();
        System.out.printf(Locale.ROOT, "syncbench: connection storm against %s: %d users connecting, authenticating, "
                        + "PINGing and closing for %d s; then %d live-query subscribers dropped and reconnected "
                        + "together around %d records written while they are away; %s%n", target.description(),
                settings.users(), settings.common().durationSecs(), settings.reconnectClients(),
                settings.reconnectRecords(), StormReport.describe(baseline));

        URI url = target.webSocketUrl();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        ChainBuilder cycle = exec(session -> {
                    long now = System.nanoTime();
                    metrics.cycleStarted(session.userId(), now);
                    return session.markAsSucceeded().set(STARTED, now).set(STEP, "connect");
                })
                .exec(ws("connect").wsName(WS_NAME).connect(path)
                        .await(STEP_TIMEOUT).on(ws.checkBinaryMessage("AUTH_REQUIRED")
                                .check(bodyBytes().transformWithSession(this::answer).is("AUTH_REQUIRED"))))
                .doIf(session -> !session.isFailed()).then(
                        exec(session -> session.set(STEP, "AUTH"))
                                .exec(ws("AUTH sent (0 ms, not timed)").wsName(WS_NAME)
                                        .sendBytes(session -> Frames.auth(session.getString(TOKEN)))
                                        .await(STEP_TIMEOUT).on(ws.checkBinaryMessage("AUTH_ACK")
                                                .check(bodyBytes().transformWithSession(this::authAnswer)
                                                        .is("AUTH_ACK")))))
                .doIf(session -> !session.isFailed()).then(
                        exec(session -> session.set(STEP, "PING"))
                                .exec(ws("PING sent (0 ms, not timed)").wsName(WS_NAME)
                                        .sendBytes(session -> Frames.ping(System.currentTimeMillis()))
                                        .await(STEP_TIMEOUT).on(ws.checkBinaryMessage("PONG")
                                                .check(bodyBytes().transformWithSession(this::answer).is("PONG")))))
                .exec(session -> {
                    if (session.isFailed()) {
                        recordFailure(session);
                    }
                    return session;
                })
                .doIfOrElse(session -> SocketProbe.isOpen(session, WS_NAME))
                .then(exec(ws("close").wsName(WS_NAME).close()))
                .orElse(exec(session -> session.remove(WS_NAME)))
                .exec(session -> {
                    metrics.cycleEnded(System.nanoTime());
                    return session.remove(WS_NAME);
                });
        ScenarioBuilder storm = scenario("storm")
                .exec(session -> session.set(TOKEN, tokens.forConnection(session.userId())))
                .exec(asLongAs(session -> System.nanoTime() - stormEnd() < 0).on(cycle));
        setUp(storm.injectOpen(atOnceUsers(settings.users())))
                .protocols(http.wsBaseUrl(url.getScheme() + "://" + url.getRawAuthority()).wsMaxReconnects(0))
                .maxDuration(Duration.ofSeconds(settings.common().durationSecs() + 60L));
    }

    /** The storm's end: {@code -Dduration} after the first user asks. */
    private synchronized long stormEnd() {
        if (stormEndNanos == 0) {
            stormEndNanos = System.nanoTime() + Duration.ofSeconds(settings.common().durationSecs()).toNanos();
        }
        return stormEndNanos;
    }

    private String answer(byte[] frame, Session session) {
        String type = AckReader.typeOf(frame);
        metrics.answered(session.userId(), type.equals("ERROR") ? AckReader.describe(frame) : type);
        return type;
    }

    private String authAnswer(byte[] frame, Session session) {
        String type = answer(frame, session);
        if (type.equals("AUTH_ACK")) {
            metrics.accepted(session.getLong(STARTED), System.nanoTime());
        }
        return type;
    }

    /** Names what went wrong in a failed cycle: the step, and what came instead of its answer. */
    private void recordFailure(Session session) {
        String step = session.getString(STEP);
        String expected = switch (step) {
            case "connect" -> "AUTH_REQUIRED";
            case "AUTH" -> "AUTH_ACK";
            default -> "PONG";
        };
        String got = metrics.lastAnswer(session.userId());
        String reason;
        if (got != null) {
            reason = step + ": " + got + " instead of " + expected;
        } else if (step.equals("connect") && !SocketProbe.isOpen(session, WS_NAME)) {
            reason = "connect: refused, reset or upgrade failed (Gatling's error table names the exception)";
        } else if (!SocketProbe.isOpen(session, WS_NAME)) {
            reason = step + ": the connection closed before " + expected;
        } else {
            reason = step + ": no " + expected + " within " + STEP_TIMEOUT.toSeconds() + " s";
        }
        if (step.equals("PING")) {
            metrics.failedAfterHandshake(reason);
        } else {
            metrics.handshakeFailed(reason);
        }
    }

    @Override
    public void before() {
        leaks = LeakWatch.before(target);
    }

    @Override
    public void after() {
        double stormSecs = metrics.seconds();
        Histogram handshakes = metrics.handshakeHistogram();
        MassReconnect.Result reconnect = MassReconnect.run(target.webSocketUrl(), tokens, mapName,
                settings.reconnectClients(), settings.reconnectRecords());
        LeakWatch.Settled settled = leaks.settle(Duration.ofSeconds(settings.settleSecs()), baseline);
        target.close();

        StormJudge.Measured measured = new StormJudge.Measured(metrics.accepted(), stormSecs,
                metrics.failedHandshakes(), metrics.failedAfterHandshake(), reconnect, leaks.beforeSample(), settled);
        List<GateResult> gates = StormJudge.gates(measured, baseline);
        ConsoleBlock.print(System.out, out -> StormReport.print(out, target.description(), metrics.cycles(),
                measured, handshakes, gates));
        Map<String, Object> summary = StormReport.summary(settings, target.description(), getClass().getName(),
                measured, handshakes, gates, startedAt);
        archive.complete(summary, gates.stream().anyMatch(gate -> !gate.passed()));
    }
}
