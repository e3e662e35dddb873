package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import dev.syncbench.simulations.judging.SearchBaseline;
import dev.syncbench.simulations.judging.SearchJudge;
import dev.syncbench.simulations.judging.SearchResult;
import dev.syncbench.simulations.load.BadInputException;
import dev.syncbench.simulations.load.LoadSettings;
import dev.syncbench.simulations.report.ConsoleBlock;
import dev.syncbench.simulations.report.ReportArchive;
import dev.syncbench.simulations.report.SearchReport;
import dev.syncbench.simulations.search.Corpus;
import dev.syncbench.simulations.search.SearchMetrics;
import dev.syncbench.simulations.search.SearchSettings;
import dev.syncbench.simulations.search.SearchSubscriber;
import dev.syncbench.simulations.search.SearchWriter;
import dev.syncbench.simulations.search.Searcher;
import dev.syncbench.simulations.search.WrittenMatches;
import dev.syncbench.simulations.target.CpuSampler;
import dev.syncbench.simulations.target.StorageChoice;
import dev.syncbench.simulations.target.Target;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Handshake;
import dev.syncbench.simulations.wire.SocketProbe;
import dev.syncbench.simulations.wire.Tokens;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
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
 * Full-text search under writes (issue 11): {@code search.writers} Gatling users write batches of
 * text records to one map at a fixed rate (one batch every {@code interval} ms, paced), while
 * {@code search.searchers} users issue SEARCH for words of acknowledged writes, one at a time, and
 * {@code search.subscribers} connections hold a SEARCH_SUB on a topic word that every
 * {@code search.matchEvery}-th write carries. Search round trips and write-to-ENTER delivery are
 * timed in µs; every subscriber must receive an ENTER for every acknowledged write with its word,
 * and searches must find their terms.
 *
 * <p>Subscribers are plain JDK WebSocket clients ({@link SearchSubscriber}) opened in {@link #before()}
 * and closed in {@link #after()}, as the fan-out's are: Gatling's WebSocket DSL inspects inbound
 * frames only while a check awaits them after a send.
 */
public class SearchSimulation extends Simulation {
    static final String WS_NAME = Handshake.WS_NAME;
    static final String WRITER = "syncbench.searchWriter";
    static final String SEARCHER = "syncbench.searcher";
    static final String ACK = "write round trip (OP_BATCH to OP_ACK)";
    static final String SEARCH = "search round trip (SEARCH to SEARCH_RESP)";
    static final String SEND = SyncbenchSimulation.SEND;
    static final String SEARCH_SEND = "SEARCH sent (0 ms, not timed)";
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    static final Duration PING_EVERY = Duration.ofSeconds(15);
    static final Duration QUIET = Duration.ofSeconds(2);
    static final Duration FIRST_TERMS_POLL = Duration.ofMillis(10);
    /** The vocabulary's seed: the same words every run, so runs compare. */
    static final long VOCABULARY_SEED = 11;

    private final SearchSettings settings;
    private final SearchBaseline baseline;
    private final SearchMetrics metrics = new SearchMetrics();
    private final Corpus corpus;
    private final WrittenMatches written;
    private final Target target;
    private final CpuSampler cpu;
    private final Tokens tokens;
    private final ReportArchive archive;
    private final Instant startedAt = Instant.now();
    /** A fresh map per run, so the first results are empty even on a long-running external server. */
    private final String mapName = "search-" + startedAt.toEpochMilli();
    private final List<SearchSubscriber> subscribers = new ArrayList<>();
    private final HttpClient subscriberClient = HttpClient.newHttpClient();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "syncbench-search-ping");
        thread.setDaemon(true);
        return thread;
    });

    public SearchSimulation() {
        SearchSettings loadedSettings;
        SearchBaseline loadedBaseline;
        Target startedTarget;
        Tokens signer;
        try {
            loadedSettings = SearchSettings.fromSystemProperties();
            LoadSettings common = loadedSettings.common();
            loadedBaseline = SearchBaseline.load(common.baselineFile(), common.baselineProfile(),
                    StorageChoice.fromSystemProperties().label());
            signer = new Tokens(common.jwtSecret());
            startedTarget = Target.startCheckedForLiveQueries(common, signer, SearchReport.LABEL);
        } catch (BadInputException e) {
            throw JvmExit.withMessage(e.getMessage());
        }
        this.settings = loadedSettings;
        this.baseline = loadedBaseline;
        this.tokens = signer;
        this.target = startedTarget;
        this.cpu = CpuSampler.start(target);
        this.corpus = new Corpus(settings.vocabulary(), VOCABULARY_SEED);
        this.written = new WrittenMatches(settings.topics());
        this.archive = new ReportArchive(settings.common().reportsDir(), settings.common().baselineFile(),
                getClass().getSimpleName().toLowerCase(Locale.ROOT), SearchReport.LABEL, startedAt);
        archive.registerShutdownHook();
        System.out.printf(Locale.ROOT, "syncbench: %s against %s, %d writers (a batch of %d ops every %d ms), "
                        + "%d searchers, %d live subscribers on %d topics, map %s, %d s, baseline profile %s%n",
                SearchReport.LABEL, target.description(), settings.writers(), settings.common().batchSize(),
                settings.common().intervalMs(), settings.searchers(), settings.subscribers(), settings.topics(),
                mapName, settings.common().durationSecs(), baseline.profile());

        int users = settings.writers() + settings.searchers();
        Duration interval = Duration.ofMillis(settings.common().intervalMs());
        ScenarioBuilder writers = scenario("search writers")
                .exec(connect(users))
                .exec(session -> session.set(WRITER, new SearchWriter(session.userId(), mapName, settings, corpus,
                        written, durationNanos())))
                .exec(asLongAs(session -> writer(session).beforeDeadline() && SocketProbe.isOpen(session, WS_NAME))
                        // pacing: each turn lasts at least the interval, so batches leave at a fixed rate
                        .on(pace(interval).exec(sendBatchAndAwaitAck())))
                .exec(session -> {
                    metrics.writerDone(System.nanoTime());
                    return session;
                })
                .exec(ws("close").wsName(WS_NAME).close());
        ScenarioBuilder searchers = scenario("searchers")
                .exec(connect(users))
                .exec(session -> session.set(SEARCHER, new Searcher(session.userId(), mapName, corpus, metrics,
                        durationNanos())))
                // terms come from acknowledged writes: wait for the first
                .asLongAs(session -> !searcher(session).hasTerms() && searcher(session).beforeDeadline())
                .on(pause(FIRST_TERMS_POLL))
                .exec(asLongAs(session -> searcher(session).beforeDeadline() && SocketProbe.isOpen(session, WS_NAME))
                        .on(exec(searchAndAwaitAnswer()).pause(Duration.ofMillis(settings.searchPauseMs()))))
                .exec(ws("close").wsName(WS_NAME).close());
        URI url = target.webSocketUrl();
        List<PopulationBuilder> populations = new ArrayList<>();
        populations.add(writers.injectOpen(atOnceUsers(settings.writers())));
        if (settings.searchers() > 0) {
            populations.add(searchers.injectOpen(atOnceUsers(settings.searchers())));
        }
        setUp(populations)
                .protocols(http.wsBaseUrl(url.getScheme() + "://" + url.getRawAuthority()).wsMaxReconnects(0))
                .maxDuration(Duration.ofSeconds(settings.common().durationSecs() + 90L))
                .assertions(assertions());
    }

    private long durationNanos() {
        return Duration.ofSeconds(settings.common().durationSecs()).toNanos();
    }

    /** Every subscriber holds its live search before the first write. */
    @Override
    public void before() {
        URI url = target.webSocketUrl();
        try {
            for (int i = 0; i < settings.subscribers(); i++) {
                // subscribers' tokens name users after the writers' and searchers', so they show apart in logs
                String token = tokens.forConnection(1_000_000L + i);
                subscribers.add(SearchSubscriber.open(subscriberClient, url, token, mapName, i, i % settings.topics(),
                        written, metrics, Handshake.STEP_TIMEOUT));
            }
        } catch (BadInputException e) {
            subscribers.forEach(SearchSubscriber::close);
            target.close();
            throw JvmExit.withMessage(e.getMessage());
        }
        pinger.scheduleAtFixedRate(() -> subscribers.forEach(SearchSubscriber::ping),
                PING_EVERY.toMillis(), PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        System.out.println("syncbench: " + subscribers.size() + " subscribers hold a live search on " + mapName);
    }

    @Override
    public void after() {
        long sentOps = metrics.sentBatches() * settings.common().batchSize();
        long applied = target.settledOpsApplied(sentOps);
        awaitSubscribers();
        cpu.stop();
        // the writes' window: against the jar, the server's CPU per write, with everything search did meanwhile
        long serverCpuNanos = cpu.between(metrics.writeStartNanos(), metrics.writeEndNanos()).serverNanos();
        pinger.shutdownNow();
        subscribers.forEach(SearchSubscriber::close);
        target.close();
        SearchResult result = SearchJudge.judge(settings, baseline, metrics,
                subscribers.stream().map(SearchSubscriber::tally).toList(), written, applied,
                target.assertsNothingLost(), serverCpuNanos < 0 ? -1 : serverCpuNanos / 1000.0);
        ConsoleBlock.print(System.out, out -> SearchReport.print(out, settings, target.description(), result));
        archive.complete(SearchReport.summary(settings, baseline, target.description(), getClass().getName(),
                result, startedAt), !result.passed());
    }

    private ChainBuilder connect(int users) {
        return Handshake.connectAndAuthenticate(target.webSocketUrl(), tokens, metrics.handshakes(), users);
    }

    private ActionBuilder sendBatchAndAwaitAck() {
        return ws(SEND).wsName(WS_NAME).sendBytes(this::nextBatch)
                .await(ANSWER_TIMEOUT).on(ws.checkBinaryMessage(ACK)
                        .matching(bodyBytes().transformWithSession(this::isAwaitedAck).is(true)));
    }

    private byte[] nextBatch(Session session) {
        long now = System.nanoTime();
        byte[] frame = writer(session).nextBatch(now);
        if (SocketProbe.isOpen(session, WS_NAME)) {
            metrics.batchSent(now);
        } else {
            metrics.batchNotSent();
        }
        return frame;
    }

    private Boolean isAwaitedAck(byte[] frame, Session session) {
        SearchWriter writer = writer(session);
        if (!writer.isAckOfLastBatch(frame)) {
            if (!AckReader.isAck(frame)) {
                metrics.otherFrame("to a writer: " + AckReader.describe(frame));
            }
            return false;
        }
        metrics.batchAcked(System.nanoTime(), writer.sentNanos());
        return true;
    }

    private ActionBuilder searchAndAwaitAnswer() {
        return ws(SEARCH_SEND).wsName(WS_NAME).sendBytes(this::nextSearch)
                .await(ANSWER_TIMEOUT).on(ws.checkBinaryMessage(SEARCH)
                        .matching(bodyBytes().transformWithSession(
                                (frame, session) -> searcher(session).isAnswer(frame, System.nanoTime())).is(true)));
    }

    private byte[] nextSearch(Session session) {
        long now = System.nanoTime();
        metrics.searchSent(now);
        return searcher(session).nextSearch(now);
    }

    private static SearchWriter writer(Session session) {
        return session.get(WRITER);
    }

    private static Searcher searcher(Session session) {
        return session.get(SEARCHER);
    }

    /** Gatling's view (whole ms): the writes' acked share; the µs gates are syncbench's own. */
    private List<Assertion> assertions() {
        return List.of(details(ACK).successfulRequests().percent().gt(baseline.floors().minAckedPct()));
    }

    /** Waits until every subscriber has every acknowledged match, or none has got one for a quiet period, or the drain ends. */
    private void awaitSubscribers() {
        long deadline = System.nanoTime() + Duration.ofSeconds(settings.drainSecs()).toNanos();
        long lastTotal = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long total = 0;
            boolean allThere = true;
            for (SearchSubscriber subscriber : subscribers) {
                int received = subscriber.received();
                total += received;
                allThere &= received >= written.ackedCount(subscriber.topic()) || subscriber.lostBecause() != null;
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
