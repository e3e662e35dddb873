package dev.syncbench;

import dev.syncbench.admin.AdminRoutes;
import dev.syncbench.crdt.Hlc;
import dev.syncbench.http.HttpSyncRoute;
import dev.syncbench.journal.Journal;
import dev.syncbench.metrics.ServerMetrics;
import dev.syncbench.net.ConnectionRegistry;
import dev.syncbench.net.HeaderDeadline;
import dev.syncbench.net.JwtAuthenticator;
import dev.syncbench.net.ServerContext;
import dev.syncbench.net.SocketPollers;
import dev.syncbench.net.SyncWsListener;
import dev.syncbench.net.SyncWsUpgrader;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.query.CursorCodec;
import dev.syncbench.security.AccessControl;
import dev.syncbench.security.Policy;
import dev.syncbench.security.PolicyFile;
import dev.syncbench.service.AccessGuard;
import dev.syncbench.service.QueryService;
import dev.syncbench.service.ChangeListener;
import dev.syncbench.service.CounterService;
import dev.syncbench.service.HttpSyncService;
import dev.syncbench.service.HybridSearchService;
import dev.syncbench.service.JournalService;
import dev.syncbench.service.LockBackend;
import dev.syncbench.service.LockService;
import dev.syncbench.service.RequestRouter;
import dev.syncbench.service.SearchService;
import dev.syncbench.service.TombstonePruner;
import dev.syncbench.service.SyncService;
import dev.syncbench.service.TopicService;
import dev.syncbench.service.WriteService;
import dev.syncbench.store.DurableRecordStore;
import dev.syncbench.store.MemoryRecordStore;
import dev.syncbench.store.RecordStore;
import dev.syncbench.store.StoreOpenException;
import dev.syncbench.store.StoreUnavailableException;
import dev.syncbench.store.postgres.PostgresLog;
import dev.syncbench.store.postgres.PostgresSettings;
import dev.syncbench.store.rocksdb.RocksLog;
import dev.syncbench.sync.MerkleIndex;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Builds and starts the sync server: one port serving the WebSocket protocol at {@code /ws} and {@code /},
 * {@code /health} and Prometheus {@code /metrics}. The jar's Main and every test start it here.
 */
public final class SyncServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SyncServer.class.getName());
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final ServerConfig config;
    private final ServerMetrics metrics = new ServerMetrics();
    private final RecordStore store;
    private final ConnectionRegistry connections;
    private final QueryService queries;
    private final SearchService search;
    private final AccessControl access;
    private final WebServer webServer;
    private final HeaderDeadline headerDeadline;
    private final WriteService writes;
    private final RequestRouter router;
    private final TopicService topics;
    private final LockService locks;
    private final CounterService counters;
    private final MessageCodec codec = new MessageCodec();
    private volatile AutoCloseable cluster;
    private final ScheduledExecutorService maintenance =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("maintenance").factory());
    private volatile boolean closed;

    private SyncServer(ServerConfig config) {
        this.config = config;
        // Read before the store opens, so a bad file stops the start-up with nothing opened.
        List<Policy> seeded = config.accessPoliciesFile() == null ? List.of()
                : PolicyFile.read(Path.of(config.accessPoliciesFile()));
        // Before the store: a durable store loads the journal's entries back into it.
        Journal journal = new Journal(config.journalEnabled() ? config.journalCapacity() : 0);
        this.store = openStore(config, journal);
        Hlc hlc = new Hlc(config.nodeId(), Clock.systemUTC()::millis, config.maxClockDriftMs());
        PartitionTable partitions = new PartitionTable();
        WriteService writes = new WriteService(store, partitions, hlc, metrics, config.maxValueBytes());
        this.writes = writes;
        if (config.clustered()) {
            // Until the member has joined, no write may be acknowledged that its owner has not applied.
            writes.setReplication(keys -> {
                throw new StoreUnavailableException("this member is still joining its cluster");
            });
        }
        writes.setJournal(journal);
        this.access = new AccessControl(store, config.adminSubjects(), config.accessOpenWhenNoPolicies());
        seeded.forEach(access::put);
        if (!seeded.isEmpty()) {
            LOG.info(() -> seeded.size() + " access policies created from " + config.accessPoliciesFile());
        }
        AccessGuard guard = new AccessGuard(access, config.authDisabled());
        writes.setAccess(guard);
        MerkleIndex merkle = new MerkleIndex(store, partitions);
        this.queries = new QueryService(store, codec, CursorCodec.withRandomKey(), Clock.systemUTC(),
                config.queryWorkPerSecond(), config.queryWorkBurst());
        TombstonePruner pruner = new TombstonePruner(store, partitions, merkle, config.tombstoneRetention(), Clock.systemUTC());
        pruner.tombstonesLoaded();
        this.search = new SearchService(store, partitions, codec, Clock.systemUTC(), config.embedding().create(),
                config.searchIndexIdleTimeout());
        writes.setChangeListener(ChangeListener.all(merkle, queries, search, pruner));
        SyncService sync = new SyncService(store, merkle, writes, hlc, pruner::pruneBound, codec);
        pruner.setOnPruned(sync::tombstonesPruned);
        CounterService counters = new CounterService(codec, store, config.tombstoneRetention(), System::currentTimeMillis);
        long pruneEveryMillis = Math.clamp(config.tombstoneRetention().toMillis() / 4, 1_000, Duration.ofHours(1).toMillis());
        maintenance.scheduleWithFixedDelay(pruner::pruneOnce, pruneEveryMillis, pruneEveryMillis, TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(counters::forgetIdle, pruneEveryMillis, pruneEveryMillis, TimeUnit.MILLISECONDS);
        this.topics = new TopicService(codec, System::currentTimeMillis);
        this.locks = new LockService(System::currentTimeMillis);
        this.counters = counters;
        if (config.clustered()) {
            // Until the member has joined, its own lock table and counters are not the cluster's.
            locks.setBackend(LockBackend.REFUSING);
            counters.setReplication((name, state) -> {
                throw new StoreUnavailableException("this member is still joining its cluster");
            });
        }
        RequestRouter router = new RequestRouter(writes, sync, queries, topics, locks, counters,
                new JournalService(journal, codec), search,
                new HybridSearchService(search, store, Clock.systemUTC(), codec));
        router.setAccess(guard);
        this.router = router;
        this.connections = new ConnectionRegistry(config.authTimeout(), config.idleTimeout());
        // An upgrade request's headers get as long as a connection gets to authenticate.
        this.headerDeadline = new HeaderDeadline(config.authTimeout());
        JwtAuthenticator authenticator = config.authDisabled() ? null : new JwtAuthenticator(config.jwtSecret());
        ServerContext context = new ServerContext(config, codec, metrics, authenticator, router, connections);

        Http1Config http1 = Http1Config.builder().addReceiveListener(headerDeadline).build();
        WsConfig websocket = WsConfig.builder()
                .name("websocket")
                .maxFrameLength(config.maxFrameBytes())
                .build();
        this.webServer = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .maxPayloadSize(config.maxFrameBytes())
                // Helidon's own reaper ends sockets that never become a connection of ours (TCP with no
                // upgrade, a request that never ends); ours closes upgraded ones first, with 1000 at idleTimeout.
                .idleConnectionTimeout(config.idleTimeout().plus(config.idleTimeout().dividedBy(2)))
                .idleConnectionPeriod(Duration.ofMillis(Math.clamp(config.idleTimeout().toMillis() / 10, 100, 5_000)))
                .addProtocol(http1)
                .addProtocol(websocket)
                // Tried before the selectors built from the protocols: upgraded sockets become our
                // SyncWsConnection, which unmasks client frames a word at a time.
                .addConnectionSelector(Http1ConnectionSelector.builder()
                        .config(http1)
                        .addUpgrader(new SyncWsUpgrader(websocket))
                        .build())
                .addRouting(HttpRouting.builder()
                        .get("/health", (req, res) -> {
                            res.header(HeaderValues.CONTENT_TYPE_JSON);
                            res.send("{\"status\":\"UP\",\"connections\":" + metrics.connectionsActive() + "}");
                        })
                        .get("/metrics", (req, res) -> {
                            res.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                            res.status(Status.OK_200).send(metrics.prometheusText());
                        })
                        .register("/api/admin", new AdminRoutes(authenticator, access, store))
                        .post("/sync", new HttpSyncRoute(authenticator,
                                new HttpSyncService(writes, store, hlc, guard), metrics, config.maxFrameBytes())))
                // "/" too: TopGun's partition map advertises ws://host:port, without /ws.
                .addRouting(WsRouting.builder()
                        .endpoint("/ws", () -> new SyncWsListener(context))
                        .endpoint("/", () -> new SyncWsListener(context)))
                .build();
    }

    /**
     * The store STORAGE_BACKEND names, with everything it holds loaded.
     *
     * @throws StoreOpenException when a durable store cannot start; nothing on disk was changed
     */
    private static RecordStore openStore(ServerConfig config, Journal journal) {
        boolean sync = "fsync".equals(config.storageSync());
        return switch (config.storageBackend()) {
            case "rocksdb" -> new DurableRecordStore(RocksLog.open(Path.of(config.dataDir()), sync), journal);
            case "postgres" -> {
                PostgresSettings settings;
                try {
                    settings = PostgresSettings.from(config.databaseUrl(), System.getenv());
                } catch (IllegalArgumentException e) {
                    throw new StoreOpenException(e.getMessage());
                }
                yield new DurableRecordStore(PostgresLog.open(settings, sync), journal);
            }
            default -> new MemoryRecordStore();
        };
    }

    /** Starts a server; with port 0 the OS picks a free port, see {@link #port()}. */
    public static SyncServer start(ServerConfig config) {
        SocketPollers.preferPlatformThreads();
        SyncServer server = new SyncServer(config);
        try {
            server.webServer.start();
            if (config.clustered()) {
                server.joinCluster();
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Cluster mode: joins after the WebSocket port is bound, since the partition map advertises it. */
    private void joinCluster() {
        dev.syncbench.cluster.ClusterMember member = dev.syncbench.cluster.ClusterMember.join(config, port(), store,
                writes, topics, locks, counters, map -> connections.broadcast(codec.encode(map)));
        cluster = member;
        router.setPartitionMaps(member::partitionMap);
    }

    public int port() {
        return webServer.port();
    }

    public ServerConfig config() {
        return config;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public RecordStore store() {
        return store;
    }

    public QueryService queries() {
        return queries;
    }

    public SearchService search() {
        return search;
    }

    public AccessControl access() {
        return access;
    }

    private void closeCluster() {
        AutoCloseable member = cluster;
        if (member != null) {
            try {
                member.close();
            } catch (Exception e) {
                LOG.log(java.util.logging.Level.WARNING, "leaving the cluster failed", e);
            }
        }
    }

    /** Graceful stop: refuse new connections, finish frames in hand, close sockets with 1001. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        connections.shutdown(SHUTDOWN_GRACE);
        maintenance.shutdownNow();
        webServer.stop();
        closeCluster();
        connections.close();
        headerDeadline.close();
        queries.close();
        search.close();
        store.close();
    }
}
