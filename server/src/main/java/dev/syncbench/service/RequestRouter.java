package dev.syncbench.service;

import dev.syncbench.protocol.ClientMessage;
import dev.syncbench.protocol.ClientOpMessage;
import dev.syncbench.protocol.CounterRequest;
import dev.syncbench.protocol.CounterSync;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.JournalRead;
import dev.syncbench.protocol.JournalSubscribe;
import dev.syncbench.protocol.JournalUnsubscribe;
import dev.syncbench.protocol.LockRelease;
import dev.syncbench.protocol.LockRequest;
import dev.syncbench.protocol.MerkleReqBucket;
import dev.syncbench.protocol.NotImplemented;
import dev.syncbench.protocol.OpBatch;
import dev.syncbench.protocol.OrMapDiffRequest;
import dev.syncbench.protocol.OrMapMerkleReqBucket;
import dev.syncbench.protocol.OrMapPushDiff;
import dev.syncbench.protocol.OrMapSyncInit;
import dev.syncbench.protocol.PartitionMap;
import dev.syncbench.protocol.PartitionMapRequest;
import dev.syncbench.protocol.Ping;
import dev.syncbench.protocol.Pong;
import dev.syncbench.protocol.QuerySub;
import dev.syncbench.protocol.QuerySyncInit;
import dev.syncbench.protocol.QueryUnsub;
import dev.syncbench.protocol.HybridSearch;
import dev.syncbench.protocol.HybridSearchSub;
import dev.syncbench.protocol.HybridSearchUnsub;
import dev.syncbench.protocol.Search;
import dev.syncbench.protocol.SearchSub;
import dev.syncbench.protocol.SearchUnsub;
import dev.syncbench.protocol.SqlQuery;
import dev.syncbench.protocol.SqlQueryResp;
import dev.syncbench.protocol.SyncInit;
import dev.syncbench.protocol.TopicPub;
import dev.syncbench.protocol.TopicSub;
import dev.syncbench.protocol.TopicUnsub;
import dev.syncbench.protocol.VectorSearch;
import java.util.List;
import java.util.function.Supplier;

/** Routes an authenticated client's message to the domain service that owns it. */
public final class RequestRouter {
    private final WriteService writes;
    private final SyncService sync;
    private final QueryService queries;
    private final TopicService topics;
    private final LockService locks;
    private final CounterService counters;
    private final JournalService journal;
    private final SearchService search;
    private final HybridSearchService hybrid;
    private AccessGuard access = AccessGuard.OPEN;
    private volatile Supplier<PartitionMap> partitionMaps = () -> null;

    public RequestRouter(WriteService writes, SyncService sync, QueryService queries, TopicService topics,
                         LockService locks, CounterService counters, JournalService journal,
                         SearchService search, HybridSearchService hybrid) {
        this.journal = journal;
        this.search = search;
        this.hybrid = hybrid;
        this.writes = writes;
        this.sync = sync;
        this.queries = queries;
        this.topics = topics;
        this.locks = locks;
        this.counters = counters;
    }

    /** Set once at start-up, before the first request. */
    public void setAccess(AccessGuard access) {
        this.access = access;
    }

    /** Cluster mode: the member's current partition map, once it has joined. */
    public void setPartitionMaps(Supplier<PartitionMap> partitionMaps) {
        this.partitionMaps = partitionMaps;
    }

    public Pong pong(Ping ping) {
        return new Pong(ping.timestamp(), System.currentTimeMillis());
    }

    public void handle(ClientSession session, ClientMessage message) {
        ErrorMessage denied = denied(session, message);
        if (denied != null) {
            session.send(denied);
            return;
        }
        switch (message) {
            case ClientOpMessage m -> writes.write(session, List.of(m.op()), m.op().writeConcern());
            case OpBatch batch -> writes.write(session, batch.ops(), batch.writeConcern());
            case SyncInit m -> sync.syncInit(session, m);
            case MerkleReqBucket m -> sync.bucket(session, m);
            case OrMapSyncInit m -> sync.orSyncInit(session, m);
            case OrMapMerkleReqBucket m -> sync.orBucket(session, m);
            case OrMapDiffRequest m -> sync.orDiff(session, m);
            case OrMapPushDiff m -> sync.orPush(session, m);
            case QuerySub sub -> queries.subscribe(session, sub);
            case QueryUnsub unsub -> queries.unsubscribe(session, unsub);
            case TopicSub m -> topics.subscribe(session, m);
            case TopicUnsub m -> topics.unsubscribe(session, m);
            case TopicPub m -> topics.publish(session, m);
            case LockRequest m -> locks.request(session, m);
            case LockRelease m -> locks.release(session, m);
            case CounterRequest m -> counters.request(session, m);
            case CounterSync m -> counters.sync(session, m);
            case JournalSubscribe m -> journal.subscribe(session, m);
            case JournalUnsubscribe m -> journal.unsubscribe(session, m);
            case JournalRead m -> journal.read(session, m);
            case Search m -> search.search(session, m);
            case SearchSub m -> search.subscribe(session, m);
            case SearchUnsub m -> search.unsubscribe(session, m);
            case HybridSearch m -> hybrid.hybrid(session, m);
            case HybridSearchSub m -> hybrid.subscribe(session, m);
            case HybridSearchUnsub m -> hybrid.unsubscribe(session, m);
            case VectorSearch m -> hybrid.vector(session, m);
            // Per-query Merkle sync is retired in TopGun too: accepted and ignored.
            case QuerySyncInit ignored -> { }
            case PartitionMapRequest m -> partitionMap(session, m);
            case SqlQuery sql -> session.send(SqlQueryResp.featureDisabled(sql.queryId()));
            case NotImplemented n -> session.send(new ErrorMessage(501, "not implemented: " + n.feature(), null));
            default -> session.send(new ErrorMessage(501, "not implemented: " + message.type(), null));
        }
    }

    /**
     * The member's map when the client's version is older; a single node (no map: version 0) and
     * an up-to-date client get nothing, as from TopGun.
     */
    private void partitionMap(ClientSession session, PartitionMapRequest request) {
        PartitionMap map = partitionMaps.get();
        long known = request.currentVersion() == null ? 0 : request.currentVersion();
        if (map != null && known < map.version()) {
            session.send(map);
        }
    }

    /**
     * The ERROR 403 for a request the session may not make, or null. Reads, subscriptions and
     * syncs need read access to their map; OR-Map pushes, topic publishes and counter syncs need
     * write access to the map, topic or counter they name. Topic subscriptions, counter reads and
     * the journal need read access too, and a journal request without a mapName needs read access
     * to every map (a policy on * or **) (ours: TopGun lets them all through). Writes (CLIENT_OP,
     * OP_BATCH) are judged op by op in {@link WriteService}.
     */
    private ErrorMessage denied(ClientSession session, ClientMessage message) {
        return switch (message) {
            case QuerySub m -> access.deniedRead(session, m.mapName(), "queryId", m.queryId());
            case Search m -> access.deniedRead(session, m.mapName(), "requestId", m.requestId());
            case SearchSub m -> access.deniedRead(session, m.mapName(), "subscriptionId", m.subscriptionId());
            case HybridSearch m -> access.deniedRead(session, m.mapName(), "requestId", m.requestId());
            case HybridSearchSub m -> access.deniedRead(session, m.search().mapName(), "subscriptionId",
                    m.search().requestId());
            case VectorSearch m -> access.deniedRead(session, m.mapName(), "id", m.id());
            case SyncInit m -> access.deniedRead(session, m.mapName(), null, null);
            case MerkleReqBucket m -> access.deniedRead(session, m.mapName(), null, null);
            case OrMapSyncInit m -> access.deniedRead(session, m.mapName(), null, null);
            case OrMapMerkleReqBucket m -> access.deniedRead(session, m.mapName(), null, null);
            case OrMapDiffRequest m -> access.deniedRead(session, m.mapName(), null, null);
            case OrMapPushDiff m -> access.enforcing() ? access.deniedWrite(session, m.mapName(),
                    m.entries().stream().flatMap(e -> e.records().stream()).map(r -> r.value()).toList()) : null;
            case TopicPub m -> access.deniedWrite(session, m.topic());
            case TopicSub m -> access.enforcing() ? access.deniedRead(session, m.topic(), null, null) : null;
            case CounterSync m -> access.deniedWrite(session, m.name());
            case CounterRequest m -> access.enforcing() ? access.deniedRead(session, m.name(), null, null) : null;
            case JournalRead m -> access.enforcing() ? access.deniedRead(session, m.mapName(), "requestId", m.requestId()) : null;
            case JournalSubscribe m -> access.enforcing()
                    ? access.deniedRead(session, m.mapName(), "requestId", m.requestId()) : null;
            default -> null;
        };
    }

    /** Releases what a closed connection held. */
    public void disconnected(ClientSession session) {
        queries.disconnected(session);
        sync.disconnected(session);
        topics.disconnected(session);
        locks.disconnected(session);
        counters.disconnected(session);
        journal.disconnected(session);
        search.disconnected(session);
    }
}
