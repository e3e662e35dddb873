package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import dev.syncbench.simulations.judging.GateResult;
import dev.syncbench.simulations.judging.SoakBaseline;
import dev.syncbench.simulations.judging.SoakJudge;
import dev.syncbench.simulations.judging.Trend;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.ConfirmedSample;
import dev.syncbench.simulations.report.ConsoleBlock;
import dev.syncbench.simulations.report.LatencyTable;
import dev.syncbench.simulations.report.ReportArchive;
import dev.syncbench.simulations.report.SoakReport;
import dev.syncbench.simulations.soak.SoakClients;
import dev.syncbench.simulations.soak.SoakMetrics;
import dev.syncbench.simulations.soak.SoakSettings;
import dev.syncbench.simulations.soak.SoakWriter;
import dev.syncbench.simulations.target.MerkleReadBack;
import dev.syncbench.simulations.target.ResourceSample;
import dev.syncbench.simulations.target.ResourceSampler;
import dev.syncbench.simulations.target.StoreCheck;
import dev.syncbench.simulations.target.Target;
import dev.syncbench.simulations.wire.Handshake;
import dev.syncbench.simulations.wire.HandshakeCount;
import dev.syncbench.simulations.wire.SocketProbe;
import dev.syncbench.simulations.wire.Tokens;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.HdrHistogram.Histogram;

/**
 * A soak (issue 14): a steady mixed load against the server jar for {@code -Dduration} (30 min by
 * default; CI runs 2 min): {@code writers} Gatling users writing fire-and-wait batches over a fixed
 * set of keys, live-query subscribers of the written map, topic publishers and their subscriber,
 * and connections that come and go ({@link SoakClients}). Every {@code soak.sampleSecs} the server
 * process's heap after GC, RSS, file descriptors, threads and connections and the writes' p99 are
 * sampled ({@link ResourceSampler}); the run fails when a series climbs faster than the slope
 * {@code baseline.json} states for it once the warm-up is over, or when anything was lost.
 *
 * <p>Not part of the ordinary {@code mvn gatling:test} (the plugin excludes it); run it with
 * {@code -Dgatling.simulationClass=dev.syncbench.simulations.SoakSimulation -Dtarget=jar}.
 */
public class SoakSimulation extends Simulation {
    static final String WS_NAME = Handshake.WS_NAME;
    static final String WRITER = "syncbench.soakWriter";
    static final String ACK = "write round trip (OP_BATCH to OP_ACK)";
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    static final String LABEL = "soak";

    private final SoakSettings settings;
    private final SoakBaseline baseline;
    private final SoakMetrics metrics = new SoakMetrics();
    private final HandshakeCount handshakes = new HandshakeCount();
    private final Target target;
    private final Tokens tokens;
    private final ReportArchive archive;
    private final Instant startedAt = Instant.now();
    /** A fresh map per run: its key count is this run's alone. */
    private final String mapName = "soak-" + startedAt.toEpochMilli();
    private final ConcurrentLinkedQueue<SoakWriter> writers = new ConcurrentLinkedQueue<>();
    private volatile long loadStartNanos;
    private volatile long loadEndNanos;
    /** When the first writer stopped: later samples see connections closing, not the steady load. */
    private volatile long firstWriterDoneNanos;
    private ResourceSampler sampler;
    private SoakClients clients;

    public SoakSimulation() {
        try {
            settings = SoakSettings.fromSystemProperties();
            baseline = SoakBaseline.load(settings.common().baselineFile(), settings.common().baselineProfile());
            tokens = new Tokens(settings.common().jwtSecret());
            target = Target.startChecked(settings.common(), tokens);
        } catch (BadInputException e) {
            throw JvmExit.withMessage(e.getMessage());
        }
        archive = new ReportArchive(settings.common().reportsDir(), settings.common().baselineFile(),
                getClass().getSimpleName().toLowerCase(Locale.ROOT), LABEL, startedAt);
        archive.registerShutdownHook();
        System.out.printf(Locale.ROOT, "syncbench: soak against %s for %d s: %d writers (batches of %d every %d ms "
                        + "over %d keys each, %.0f ops/s offered), %d live-query subscribers, %d topic publishers "
                        + "every %d ms, %d churners every %d ms; resources sampled every %d s; %s%n",
                target.description(), settings.common().durationSecs(), settings.writers(),
                settings.common().batchSize(), settings.common().intervalMs(), settings.keysPerWriter(),
                settings.offeredOpsPerSec(), settings.subscribers(), settings.publishers(), settings.publishEveryMs(),
                settings.churners(), settings.churnEveryMs(), settings.sampleSecs(), SoakReport.describe(baseline));

        long durationNanos = Duration.ofSeconds(settings.common().durationSecs()).toNanos();
        ScenarioBuilder writerScenario = scenario("soak writers")
                .exec(Handshake.connectAndAuthenticate(target.webSocketUrl(), tokens, handshakes, settings.writers()))
                .exec(session -> {
                    SoakWriter writer = new SoakWriter(session.userId(), mapName, settings.common().batchSize(),
                            settings.keysPerWriter(), loadStart() + durationNanos, metrics);
                    writers.add(writer);
                    return session.set(WRITER, writer);
                })
                .exec(asLongAs(session -> writer(session).beforeDeadline() && SocketProbe.isOpen(session, WS_NAME))
                        .on(exec(ws("OP_BATCH sent (0 ms, not timed)").wsName(WS_NAME).sendBytes(this::nextBatch)
                                .await(ACK_TIMEOUT).on(ws.checkBinaryMessage(ACK).matching(bodyBytes()
                                        .transformWithSession((frame, session) ->
                                                writer(session).answers(frame, System.nanoTime())).is(true))))
                                .pause(Duration.ofMillis(settings.common().intervalMs()))))
                .exec(session -> {
                    writerDone(System.nanoTime());
                    return session;
                })
                .exec(ws("close").wsName(WS_NAME).close());
        URI url = target.webSocketUrl();
        setUp(writerScenario.injectOpen(atOnceUsers(settings.writers())))
                .protocols(http.wsBaseUrl(url.getScheme() + "://" + url.getRawAuthority()).wsMaxReconnects(0))
                .maxDuration(Duration.ofSeconds(settings.common().durationSecs() + 120L))
                .assertions(details(ACK).failedRequests().count().is(0L));
    }

    private synchronized void writerDone(long nanos) {
        loadEndNanos = Math.max(loadEndNanos, nanos);
        if (firstWriterDoneNanos == 0) {
            firstWriterDoneNanos = nanos;
        }
    }

    /** The writers' common start: the first writer past the handshakes sets it. */
    private synchronized long loadStart() {
        if (loadStartNanos == 0) {
            loadStartNanos = System.nanoTime();
        }
        return loadStartNanos;
    }

    private byte[] nextBatch(Session session) {
        return writer(session).nextBatch(System.nanoTime(), SocketProbe.isOpen(session, WS_NAME));
    }

    private static SoakWriter writer(Session session) {
        return session.get(WRITER);
    }

    @Override
    public void before() {
        try {
            clients = SoakClients.open(target.webSocketUrl(), tokens, settings, mapName);
        } catch (BadInputException e) {
            target.close();
            throw JvmExit.withMessage(e.getMessage());
        }
        sampler = ResourceSampler.start(target, Duration.ofSeconds(settings.sampleSecs()).toMillis(),
                metrics::intervalP99Us, settings.fullGcEvery());
    }

    @Override
    public void after() {
        long ackedOps = metrics.ackedBatches() * settings.common().batchSize();
        clients.finish(ackedOps);
        sampler.stop();
        List<ConfirmedSample.Op> confirmed = new ArrayList<>();
        writers.forEach(writer -> confirmed.addAll(writer.confirmed()));
        StoreCheck store = MerkleReadBack.read(target.webSocketUrl(), tokens.forConnection(0), mapName, confirmed,
                startedAt.toEpochMilli());
        clients.close();
        target.close();

        List<ResourceSample> samples = sampler.samples();
        // the trends are fitted to the steady load only: once writers stop, connections and fds fall
        Map<String, Trend> trends = SoakJudge.trends(
                firstWriterDoneNanos == 0 ? samples : sampler.samplesUntil(firstWriterDoneNanos), baseline);
        Histogram writes = metrics.writeHistogram();
        long p99 = writes.getTotalCount() == 0 ? -1 : writes.getValueAtPercentile(99);
        int batch = settings.common().batchSize();
        SoakJudge.Counts counts = new SoakJudge.Counts(metrics.sentBatches() * batch, ackedOps,
                metrics.failedBatches() * batch, clients.eventsPerSubscriber(), clients.subscribersEnded(),
                clients.published(), clients.topicReceived(), clients.topicFailures(), clients.churnCycles(),
                clients.churnFailures(), clients.lastChurnFailure(), confirmed.size(), store);
        List<GateResult> gates = SoakJudge.gates(trends, baseline, p99, counts);
        double seconds = loadEndNanos > loadStartNanos ? (loadEndNanos - loadStartNanos) / 1e9 : 0;
        ConsoleBlock.print(System.out, out -> {
            SoakReport.printResources(out, samples, trends, baseline.warmupSecs());
            out.println();
            out.println("=== syncbench soak against " + target.description() + " ===");
            LatencyTable.printHeader(out);
            LatencyTable.printRow(out, "write_latency", writes);
            out.printf(Locale.ROOT, "writes: %d ops sent, %d acknowledged (%.0f ops/s over %.0f s); subscribers' "
                            + "events %s; topic messages %d of %d; churn cycles %d (%d failed); store %d keys "
                            + "(%s)%n", counts.sentOps(), ackedOps, seconds > 0 ? ackedOps / seconds : 0, seconds,
                    counts.eventsPerSubscriber(), counts.topicReceived(), counts.published(), counts.churnCycles(),
                    counts.churnFailures(), store.storedKeys(), store.source());
            SoakReport.printVerdict(out, gates);
        });
        Map<String, Object> summary = SoakReport.summary(settings.common(), SoakBaseline.KEY, LABEL,
                target.description(), getClass().getName(), ackedOps, counts.sentOps(), seconds, writes, gates,
                settings.asMap(), startedAt);
        summary.put("connections", settings.writers() + settings.subscribers() + settings.publishers() + 1
                + settings.churners());
        summary.put("resources", SoakReport.resources(samples, trends, baseline.warmupSecs()));
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("events_per_subscriber", counts.eventsPerSubscriber());
        side.put("topic_published", counts.published());
        side.put("topic_received", counts.topicReceived());
        side.put("churn_cycles", counts.churnCycles());
        side.put("churn_failures", counts.churnFailures());
        side.put("stored_keys", store.storedKeys());
        summary.put("soak", side);
        archive.complete(summary, gates.stream().anyMatch(gate -> !gate.passed()));
    }
}
