package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import dev.syncbench.simulations.fanout.FanOutMetrics;
import dev.syncbench.simulations.fanout.FanOutSettings;
import dev.syncbench.simulations.fanout.FanOutSubscriber;
import dev.syncbench.simulations.fanout.FanOutWriter;
import dev.syncbench.simulations.judging.FanOutBaseline;
import dev.syncbench.simulations.judging.FanOutJudge;
import dev.syncbench.simulations.judging.FanOutResult;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.report.ConsoleBlock;
import dev.syncbench.simulations.report.FanOutReport;
import dev.syncbench.simulations.report.ReportArchive;
import dev.syncbench.simulations.target.Target;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Handshake;
import dev.syncbench.simulations.wire.SocketProbe;
import dev.syncbench.simulations.wire.Tokens;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live-query fan-out (issue 4): {@code writers} Gatling users write fire-and-wait batches (send an
 * OP_BATCH, await its OP_ACK, pause {@code interval}) to one map, while {@code subscribers}
 * connections hold a live query on that map and receive one SERVER_EVENT per applied write.
 * Each written value carries its send time, so every delivery is timed in µs; and every subscriber
 * must receive every event: subscribers subscribe before the writers start and stay until the
 * writers are done and the last events have arrived.
 *
 * <p>Subscribers are plain JDK WebSocket clients ({@link FanOutSubscriber}) opened in {@link #before()}
 * and closed in {@link #after()}: Gatling's WebSocket DSL inspects inbound frames only while a check
 * awaits them after a send, and timestamps them in whole ms, so it cannot count and time a stream
 * of events on a connection that never sends.
 */
public class LiveQueryFanOutSimulation extends Simulation {
    static final String WS_NAME = Handshake.WS_NAME;
    static final String WRITER = "syncbench.writer";
    static final String ACK = "write round trip (OP_BATCH to OP_ACK)";
    static final String SEND = SyncbenchSimulation.SEND;
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    static final Duration PING_EVERY = Duration.ofSeconds(15);
    static final Duration QUIET = Duration.ofSeconds(2);

    private final FanOutSettings settings;
    private final FanOutBaseline baseline;
    private final FanOutMetrics metrics = new FanOutMetrics();
    private final Target target;
    private final Tokens tokens;
    private final ReportArchive archive;
    private final Instant startedAt = Instant.now();
    /** A fresh map per run, so a subscriber's snapshot is empty even on a long-running external server. */
    private final String mapName = "fanout-" + startedAt.toEpochMilli();
    private final List<FanOutSubscriber> subscribers = new ArrayList<>();
    private final HttpClient subscriberClient = HttpClient.newHttpClient();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "syncbench-subscriber-ping");
        thread.setDaemon(true);
        return thread;
    });

    public LiveQueryFanOutSimulation() {
        FanOutSettings loadedSettings;
        FanOutBaseline loadedBaseline;
        Target startedTarget;
        Tokens signer;
        try {
            loadedSettings = FanOutSettings.fromSystemProperties();
            LoadSettings common = loadedSettings.common();
            loadedBaseline = FanOutBaseline.load(common.baselineFile(), common.baselineProfile());
            signer = new Tokens(common.jwtSecret());
            startedTarget = Target.startCheckedForLiveQueries(common, signer, FanOutReport.LABEL);
        } catch (BadInputException e) {
            throw JvmExit.withMessage(e.getMessage());
        }
        this.settings = loadedSettings;
        this.baseline = loadedBaseline;
        this.tokens = signer;
        this.target = startedTarget;
        this.archive = new ReportArchive(settings.common().reportsDir(), settings.common().baselineFile(),
                getClass().getSimpleName().toLowerCase(Locale.ROOT), FanOutReport.LABEL, startedAt);
        archive.registerShutdownHook();
        System.out.printf(Locale.ROOT, "syncbench: %s against %s, %d writers, %d subscribers on map %s for %d s "
                        + "after a %d s warm-up, batches of %d ops every %d ms, baseline profile %s%n", FanOutReport.LABEL,
                target.description(), settings.writers(), settings.subscribers(), mapName,
                settings.common().durationSecs(), settings.warmupSecs(), settings.common().batchSize(),
                settings.common().intervalMs(), baseline.profile());

        ScenarioBuilder writers = scenario("fan-out writers")
                .exec(connectAndAuthenticate())
                .exec(asLongAs(session -> writer(session).beforeDeadline() && SocketProbe.isOpen(session, WS_NAME))
                        .on(exec(sendBatchAndAwaitAck()).pause(Duration.ofMillis(settings.common().intervalMs())))
                        .exec(session -> {
                            metrics.writerDone(System.nanoTime());
                            return session;
                        }))
                .exec(ws("close").wsName(WS_NAME).close());
        URI url = target.webSocketUrl();
        setUp(writers.injectOpen(atOnceUsers(settings.writers())))
                .protocols(http.wsBaseUrl(url.getScheme() + "://" + url.getRawAuthority()).wsMaxReconnects(0))
                .maxDuration(Duration.ofSeconds(settings.warmupSecs() + settings.common().durationSecs() + 90L))
                .assertions(assertions());
    }

    /** Every subscriber holds its live query before the first write. */
    @Override
    public void before() {
        URI url = target.webSocketUrl();
        try {
            for (int i = 0; i < settings.subscribers(); i++) {
                // subscribers' tokens name users after the writers', so both show apart in server logs
                String token = tokens.forConnection(1_000_000L + i);
                subscribers.add(FanOutSubscriber.open(subscriberClient, url, token, mapName, i, metrics,
                        Handshake.STEP_TIMEOUT));
            }
        } catch (BadInputException e) {
            subscribers.forEach(FanOutSubscriber::close);
            target.close();
            throw JvmExit.withMessage(e.getMessage());
        }
        pinger.scheduleAtFixedRate(() -> subscribers.forEach(FanOutSubscriber::ping),
                PING_EVERY.toMillis(), PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        System.out.println("syncbench: " + subscribers.size() + " subscribers hold a live query on " + mapName);
    }

    @Override
    public void after() {
        long applied = target.settledOpsApplied(metrics.sentBatches() * settings.common().batchSize());
        long expected = applied >= 0 ? applied : metrics.sentBatches() * settings.common().batchSize();
        awaitSubscribers(expected);
        pinger.shutdownNow();
        subscribers.forEach(FanOutSubscriber::close);
        target.close();
        FanOutResult result = FanOutJudge.judge(settings, baseline, metrics,
                subscribers.stream().map(FanOutSubscriber::tally).toList(), applied, target.assertsNothingLost());
        ConsoleBlock.print(System.out, out -> FanOutReport.print(out, settings, target.description(), result));
        archive.complete(FanOutReport.summary(settings, baseline, target.description(), getClass().getName(),
                result, startedAt), !result.passed());
    }

    /**
     * The handshake of {@link Handshake}, then the writer's {@link FanOutWriter}: every writer stops
     * {@code duration} after the warm-up that the first finished handshake started.
     */
    private ChainBuilder connectAndAuthenticate() {
        long warmupNanos = Duration.ofSeconds(settings.warmupSecs()).toNanos();
        long durationNanos = Duration.ofSeconds(settings.common().durationSecs()).toNanos();
        return Handshake.connectAndAuthenticate(target.webSocketUrl(), tokens, metrics.handshakes(),
                        settings.writers())
                .exec(session -> {
                    long measuredFrom = metrics.startMeasuring(System.nanoTime(), warmupNanos);
                    return session.set(WRITER, new FanOutWriter(session.userId(), mapName,
                            settings.common().batchSize(), measuredFrom + durationNanos));
                });
    }

    private ActionBuilder sendBatchAndAwaitAck() {
        return ws(SEND).wsName(WS_NAME).sendBytes(this::nextBatch)
                .await(ACK_TIMEOUT).on(ws.checkBinaryMessage(ACK)
                        .matching(bodyBytes().transformWithSession(this::isAwaitedAck).is(true)));
    }

    private byte[] nextBatch(Session session) {
        long now = System.nanoTime();
        byte[] frame = writer(session).nextBatch(now);
        if (SocketProbe.isOpen(session, WS_NAME)) {
            metrics.sent(now);
        } else {
            metrics.notSent();
        }
        return frame;
    }

    private Boolean isAwaitedAck(byte[] frame, Session session) {
        FanOutWriter writer = writer(session);
        if (!writer.isAckOfLastBatch(frame)) {
            if (!AckReader.isAck(frame)) {
                metrics.otherFrame("to a writer: " + AckReader.describe(frame));
            }
            return false;
        }
        metrics.acked(System.nanoTime(), writer.sentNanos());
        return true;
    }

    private static FanOutWriter writer(Session session) {
        return session.get(WRITER);
    }

    /** Gatling's view of the writes (whole ms): the ack rate and share; the µs gates are syncbench's own. */
    private List<Assertion> assertions() {
        FanOutBaseline.Floors floors = baseline.floors();
        return List.of(
                details(ACK).requestsPerSec().gte(floors.minWritesOpsPerSec() / settings.common().batchSize()),
                details(ACK).successfulRequests().percent().gt(floors.minAckedPct()));
    }

    /** Waits until every subscriber has its events, or none has got one for a quiet period, or the drain ends. */
    private void awaitSubscribers(long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(settings.drainSecs()).toNanos();
        long lastTotal = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long total = 0;
            boolean allThere = true;
            for (FanOutSubscriber subscriber : subscribers) {
                total += subscriber.events();
                allThere &= subscriber.events() >= expected || subscriber.lostBecause() != null;
            }
            long now = System.nanoTime();
            if (total != lastTotal) {
                lastTotal = total;
                lastChange = now;
            }
            if (allThere || now - lastChange > QUIET.toNanos() || now - deadline > 0) {
                return;
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
