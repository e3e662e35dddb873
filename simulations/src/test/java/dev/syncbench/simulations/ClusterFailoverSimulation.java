package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import dev.syncbench.simulations.failover.FailoverJudge;
import dev.syncbench.simulations.failover.FailoverMetrics;
import dev.syncbench.simulations.failover.FailoverOutcome;
import dev.syncbench.simulations.failover.FailoverRun;
import dev.syncbench.simulations.failover.FailoverSettings;
import dev.syncbench.simulations.judging.FailoverBaseline;
import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.GatlingUnitLog;
import dev.syncbench.simulations.report.ConsoleBlock;
import dev.syncbench.simulations.report.LatencyTable;
import dev.syncbench.simulations.report.ReportArchive;
import dev.syncbench.simulations.report.SoakReport;
import dev.syncbench.simulations.target.ClusterTarget;
import dev.syncbench.simulations.target.Target;
import dev.syncbench.simulations.wire.Handshake;
import dev.syncbench.simulations.wire.HandshakeCount;
import dev.syncbench.simulations.wire.Tokens;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Failover under fire-and-wait load (issue 13): a local cluster ({@code -Dtarget=cluster}, 3 members,
 * 1 backup) takes {@code failover.writers} fire-and-wait writers spread round robin over its members;
 * at {@code failover.killAt} (a third of the run) one member gets {@code kill -9}, at
 * {@code failover.restartAt} (two thirds) it starts again on the same ports and rejoins. Writers of
 * the dead member reconnect to another and go on. Every op whose OP_ACK arrived is recorded, and
 * once the cluster has settled every one is read back from every member: the run fails on any
 * acknowledged op missing or holding another value. Ops that failed or went unanswered during the
 * failover are counted, not hidden; reconnects, the partition map before and after the kill, and
 * the time from a writer's loss to its next acknowledgement are reported.
 *
 * <p>The writers and the timeline run on virtual threads ({@link FailoverRun}); Gatling's one user
 * holds a socket on a surviving member and waits for them, and each writer's batch is logged to
 * Gatling as a request. Not part of the ordinary {@code mvn gatling:test}.
 */
public class ClusterFailoverSimulation extends Simulation {
    static final String LABEL = "cluster-failover";
    static final String ACK = "batch round trip (OP_BATCH to OP_ACK)";
    private static final Duration POLL = Duration.ofMillis(200);

    private final FailoverSettings settings;
    private final FailoverBaseline baseline;
    private final ClusterTarget cluster;
    private final FailoverRun run;
    private final ReportArchive archive;
    private final Instant startedAt = Instant.now();

    public ClusterFailoverSimulation() {
        Target target;
        Tokens tokens;
        try {
            settings = FailoverSettings.fromSystemProperties();
            baseline = FailoverBaseline.load(settings.common().baselineFile(), settings.common().baselineProfile());
            tokens = new Tokens(settings.common().jwtSecret());
            target = Target.startChecked(settings.common(), tokens);
        } catch (BadInputException e) {
            throw JvmExit.withMessage(e.getMessage());
        }
        cluster = (ClusterTarget) target;
        run = new FailoverRun(settings, cluster, tokens);
        archive = new ReportArchive(settings.common().reportsDir(), settings.common().baselineFile(),
                getClass().getSimpleName().toLowerCase(Locale.ROOT), LABEL, startedAt);
        archive.registerShutdownHook();
        System.out.printf(Locale.ROOT, "syncbench: cluster failover against %s: %d fire-and-wait writers (batches of %d, "
                        + "%d ms apart) round robin for %d s; kill -9 of member-%d at %d s, restart at %d s%n",
                cluster.description(), settings.writers(), settings.common().batchSize(), settings.common().intervalMs(),
                settings.common().durationSecs(), settings.victim(), settings.killAtSecs(), settings.restartAtSecs());

        // Gatling's one user holds a socket on a member that is not killed, so the writers' batches
        // can go into Gatling's statistics (and its report) as requests.
        URI watched = cluster.webSocketUrls().get(settings.victim() == 1 ? 1 : 0);
        ScenarioBuilder timeline = scenario("failover timeline")
                .exec(Handshake.connectAndAuthenticate(watched, tokens, new HandshakeCount(), 1))
                .exec(session -> {
                    run.metrics().logTo(GatlingUnitLog.of(session, Handshake.WS_NAME, ACK));
                    run.start();
                    return session;
                })
                .exec(asLongAs(session -> !run.finished()).on(pause(POLL)))
                .exec(ws("close").wsName(Handshake.WS_NAME).close());
        setUp(timeline.injectOpen(atOnceUsers(1)))
                .protocols(http.wsBaseUrl(watched.getScheme() + "://" + watched.getRawAuthority()).wsMaxReconnects(0))
                .maxDuration(Duration.ofSeconds(settings.common().durationSecs() + 4L * settings.settleSecs() + 120));
    }

    @Override
    public void after() {
        try {
            run.awaitFinished(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FailoverOutcome outcome = run.outcome();
        FailoverMetrics metrics = run.metrics();
        List<GateResult> gates = outcome == null
                ? List.of(GateResult.check("failover_ran", false, "the run did not complete: " + run.error()))
                : FailoverJudge.judge(outcome, metrics.recoveryMicros(), baseline);
        cluster.close();
        int batch = settings.common().batchSize();
        long ackedOps = metrics.ackedBatches() * batch;
        double seconds = metrics.seconds();
        List<Long> recovery = new ArrayList<>(metrics.recoveryMicros());
        recovery.sort(null);
        ConsoleBlock.print(System.out, out -> {
            out.println("=== syncbench cluster failover against " + cluster.description() + " ===");
            run.events().forEach(line -> out.println("  " + line));
            LatencyTable.printHeader(out);
            LatencyTable.printRow(out, "write_latency", metrics.roundTrips());
            out.printf(Locale.ROOT, "writes: %d batches sent, %d acknowledged (%d ops, %.0f ops/s over %.1f s), %d failed "
                            + "or unanswered %s%n", metrics.sentBatches(), metrics.ackedBatches(), ackedOps,
                    seconds > 0 ? ackedOps / seconds : 0, seconds, metrics.failedBatches(), metrics.failuresByReason());
            if (!metrics.failuresBySecond().isEmpty()) {
                out.println("failures by second of the run: " + metrics.failuresBySecond());
            }
            out.printf(Locale.ROOT, "connections lost %d, reconnects %d, connect attempts refused %d, partition maps "
                            + "pushed to writers %d%n", metrics.lostConnections(), metrics.reconnects(),
                    metrics.connectFailures(), metrics.mapPushes());
            out.printf(Locale.ROOT, "time from a lost connection to its next ack: %s%n", describe(recovery));
            if (outcome != null) {
                out.printf(Locale.ROOT, "partition map before the kill %s; after %s; after the restart %s%n",
                        outcome.mapBefore() == null ? "-" : outcome.mapBefore().asMap(),
                        outcome.mapAfterKill() == null ? "-" : outcome.mapAfterKill().asMap(),
                        outcome.mapAfterRestart() == null ? "-" : outcome.mapAfterRestart().asMap());
            }
            SoakReport.printVerdict(out, gates);
        });
        Map<String, Object> summary = SoakReport.summary(settings.common(), "failover", LABEL, cluster.description(),
                getClass().getName(), ackedOps, metrics.sentBatches() * batch, seconds, metrics.roundTrips(), gates,
                settings.asMap(), startedAt);
        summary.put("connections", settings.writers());
        Map<String, Object> failover = new LinkedHashMap<>();
        failover.put("acked_ops", ackedOps);
        failover.put("lost_acked_ops", outcome == null ? -1 : outcome.readBacks().stream()
                .mapToLong(readBack -> readBack.check().known() ? readBack.check().wrongCount() : -1).max().orElse(-1));
        failover.put("failed_batches", metrics.failedBatches());
        failover.put("failures", metrics.failuresByReason());
        failover.put("failures_by_second", metrics.failuresBySecond());
        failover.put("connections_lost", metrics.lostConnections());
        failover.put("reconnects", metrics.reconnects());
        failover.put("connect_failures", metrics.connectFailures());
        failover.put("recovery_p50_ms", recovery.isEmpty() ? -1 : recovery.get(recovery.size() / 2) / 1000.0);
        failover.put("recovery_max_ms", recovery.isEmpty() ? -1 : recovery.getLast() / 1000.0);
        failover.put("partition_maps", run.mapsAsJson());
        failover.put("events", run.events());
        summary.put("failover", failover);
        archive.complete(summary, gates.stream().anyMatch(gate -> !gate.passed()));
    }

    private static String describe(List<Long> sortedMicros) {
        if (sortedMicros.isEmpty()) {
            return "no connection was lost";
        }
        return String.format(Locale.ROOT, "%d recoveries, p50 %.0f ms, max %.0f ms", sortedMicros.size(),
                sortedMicros.get(sortedMicros.size() / 2) / 1000.0, sortedMicros.getLast() / 1000.0);
    }
}
