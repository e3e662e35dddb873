package dev.syncbench.service;

import dev.syncbench.crdt.ClockDriftException;
import dev.syncbench.crdt.Hlc;
import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrMapEntry;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import dev.syncbench.journal.Journal;
import dev.syncbench.metrics.ServerMetrics;
import dev.syncbench.partition.PartitionTable;
import dev.syncbench.protocol.ClientOp;
import dev.syncbench.protocol.ErrorMessage;
import dev.syncbench.protocol.OpAck;
import dev.syncbench.protocol.OpKind;
import dev.syncbench.protocol.OpRejected;
import dev.syncbench.protocol.OpResult;
import dev.syncbench.protocol.ServerEvent;
import dev.syncbench.security.AccessAction;
import dev.syncbench.security.AccessSubject;
import dev.syncbench.security.Verdict;
import dev.syncbench.store.RecordStore;
import dev.syncbench.store.StoreKey;
import dev.syncbench.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Applies CLIENT_OP and OP_BATCH writes with the CRDT rules of PROTOCOL.md §3–§4: each op is
 * validated on its own, merged in its key's partition, and the request gets exactly one OP_ACK,
 * preceded by an OP_REJECTED for each op that could not be applied.
 *
 * <p>The OP_ACK leaves only once the keys the request wrote are in the store's durable log
 * ({@link RecordStore#persist}, one group write for the whole request, outside any partition
 * lock). Each applied change is appended to the journal in its partition, right after the
 * store, and its entry's sequence joins the request's group write. While the log takes no writes, a request is refused with ERROR 503 before anything is
 * applied; one caught by the failure gets ERROR 503 instead of its OP_ACK.
 */
public final class WriteService {
    private static final String UNKNOWN_ID = "unknown";

    private final RecordStore store;
    private final PartitionTable partitions;
    private final Hlc hlc;
    private final ServerMetrics metrics;
    private final int maxValueBytes;
    private volatile ChangeListener listener = ChangeListener.NONE;
    private Journal journal = new Journal(0);
    private AccessGuard access = AccessGuard.OPEN;
    private volatile WriteReplication replication = WriteReplication.NONE;

    public WriteService(RecordStore store, PartitionTable partitions, Hlc hlc, ServerMetrics metrics, int maxValueBytes) {
        this.store = store;
        this.partitions = partitions;
        this.hlc = hlc;
        this.metrics = metrics;
        this.maxValueBytes = maxValueBytes;
    }

    public void setChangeListener(ChangeListener listener) {
        this.listener = listener;
    }

    /** Set once at start-up, before the first write. */
    public void setJournal(Journal journal) {
        this.journal = journal;
    }

    /** Set once at start-up, before the first write. */
    public void setAccess(AccessGuard access) {
        this.access = access;
    }

    /** Cluster mode: set once the member has joined, before it takes writes. */
    public void setReplication(WriteReplication replication) {
        this.replication = replication;
    }

    /** Applies one request's ops in order and sends its replies. */
    public void write(ClientSession session, List<ClientOp> ops, String writeConcern) {
        long started = System.nanoTime();
        if (!store.acceptsWrites()) {
            session.send(unavailable(store.unavailableReason(), "nothing was applied"));
            return;
        }
        if (access.enforcing()) {
            String denied = deniedMap(session, ops);
            if (denied != null) {
                metrics.opsRejected(ops.size());
                session.send(AccessGuard.writeDenied(denied));
                return;
            }
        }
        List<StoreKey> written = new ArrayList<>(ops.size());
        List<OpResult> rejected = null;
        for (ClientOp op : ops) {
            Rejection rejection = apply(session, op, written);
            if (rejection != null) {
                String opId = op.id() == null ? UNKNOWN_ID : op.id();
                session.send(new OpRejected(opId, rejection.reason(), rejection.code()));
                if (rejected == null) {
                    rejected = new ArrayList<>();
                }
                rejected.add(new OpResult(opId, false, null, rejection.reason()));
            }
        }
        int rejectedCount = rejected == null ? 0 : rejected.size();
        metrics.opsRejected(rejectedCount);
        try {
            store.persist(written);
            replication.replicate(written);
        } catch (StoreUnavailableException e) {
            session.send(unavailable(e.getMessage(), "not acknowledged"));
            return;
        }
        metrics.opsApplied(ops.size() - rejectedCount);
        String lastId = ops.isEmpty() || ops.getLast().id() == null ? UNKNOWN_ID : ops.getLast().id();
        session.send(new OpAck(lastId, achievedLevel(writeConcern), rejected));
        metrics.ack();
        metrics.batchProcessed(System.nanoTime() - started);
    }

    /**
     * The first map of the request the session may not write as asked, or null: checked for every
     * op before any applies, so a denied request changes nothing. Consecutive ops on one map share
     * a verdict; only a verdict whose conditions read the record looks at the op's value (and, for
     * a PUT or REMOVE, at the live value it replaces).
     */
    private String deniedMap(ClientSession session, List<ClientOp> ops) {
        AccessSubject subject = access.subjectOf(session);
        String lastMap = null;
        AccessAction lastAction = null;
        Verdict verdict = null;
        for (ClientOp op : ops) {
            if (op.problem() != null || op.mapName() == null) {
                continue; // rejected on its own, applies nothing
            }
            AccessAction action = op.kind() == OpKind.REMOVE || op.kind() == OpKind.OR_REMOVE
                    ? AccessAction.REMOVE : AccessAction.WRITE;
            if (action != lastAction || !op.mapName().equals(lastMap)) {
                verdict = access.verdict(subject, op.mapName(), action);
                lastMap = op.mapName();
                lastAction = action;
            }
            boolean allowed = verdict.needsRecord() ? allowsRecord(verdict, subject, op) : verdict.allowed();
            if (!allowed) {
                return op.mapName();
            }
        }
        return null;
    }

    private boolean allowsRecord(Verdict verdict, AccessSubject subject, ClientOp op) {
        Value nil = ValueFactory.newNil();
        return switch (op.kind()) {
            case PUT -> verdict.allows(subject, op.record() == null ? nil : AccessGuard.valueOf(op.record().value()),
                    liveValue(op.mapName(), op.key()));
            case REMOVE -> {
                Value stored = liveValue(op.mapName(), op.key());
                yield verdict.allows(subject, stored == null ? nil : stored, null);
            }
            case OR_ADD -> verdict.allows(subject, op.orRecord() == null ? nil : AccessGuard.valueOf(op.orRecord().value()), null);
            case OR_REMOVE -> verdict.allows(subject, nil, null);
        };
    }

    /** The key's live LWW value as a condition reads it, or null when it holds none. */
    private Value liveValue(String mapName, String key) {
        LwwRecord current = store.getLww(mapName, key);
        return current == null || !current.isLive(System.currentTimeMillis()) ? null : AccessGuard.valueOf(current.value());
    }

    /** ERROR 503: the ops are not acknowledged; the client should retry them later. */
    static ErrorMessage unavailable(String reason, String outcome) {
        return new ErrorMessage(503, reason + "; " + outcome + ", retry later", null);
    }

    /** APPLIED once merged and logged; PERSISTED only when asked for and the log syncs to disk. */
    private String achievedLevel(String requested) {
        return "PERSISTED".equals(requested) && store.isDurable() ? "PERSISTED" : "APPLIED";
    }

    private Rejection apply(ClientSession session, ClientOp op, List<StoreKey> written) {
        if (op.problem() != null) {
            return new Rejection(400, op.problem());
        }
        if (isReserved(op.mapName())) {
            return new Rejection(403, writeDenied(op.mapName()));
        }
        try {
            return switch (op.kind()) {
                case PUT -> put(session, op, written);
                case REMOVE -> remove(session, op, written);
                case OR_ADD -> orAdd(session, op, written);
                case OR_REMOVE -> orRemove(session, op, written);
            };
        } catch (ClockDriftException e) {
            return new Rejection(400, e.getMessage());
        }
    }

    /** TopGun's wording when a write to a map is refused, which its clients show as is. */
    static String writeDenied(String mapName) {
        return "write access denied for map: " + mapName;
    }

    static boolean isReserved(String mapName) {
        return mapName.startsWith("_topgun_") || mapName.startsWith("__topgun_");
    }

    private Rejection put(ClientSession session, ClientOp op, List<StoreKey> written) throws ClockDriftException {
        LwwRecord record = op.record();
        if (record == null) {
            return new Rejection(400, "missing field: record");
        }
        Rejection tooLarge = checkSize(record.value());
        if (tooLarge != null) {
            return tooLarge;
        }
        hlc.update(record.timestamp());
        mergeLww(session, op.mapName(), op.key(), record, "PUT", written);
        written.add(StoreKey.lww(op.mapName(), op.key()));
        return null;
    }

    private Rejection remove(ClientSession session, ClientOp op, List<StoreKey> written) throws ClockDriftException {
        Timestamp timestamp;
        if (op.record() != null) {
            timestamp = op.record().timestamp();
            hlc.update(timestamp);
        } else {
            timestamp = hlc.now();
        }
        mergeLww(session, op.mapName(), op.key(), LwwRecord.tombstone(timestamp), "REMOVE", written);
        written.add(StoreKey.lww(op.mapName(), op.key()));
        return null;
    }

    private void mergeLww(ClientSession session, String mapName, String key, LwwRecord incoming, String eventType,
                          List<StoreKey> written) {
        partitions.inPartitionOf(key, () -> {
            LwwRecord current = store.getLww(mapName, key);
            if (current == null || current.isReplacedBy(incoming)) {
                store.putLww(mapName, key, incoming);
                journal(mapName, key, "REMOVE".equals(eventType), incoming.value(), incoming.timestamp(), written);
                ServerEvent event = "REMOVE".equals(eventType)
                        ? new ServerEvent(mapName, eventType, key, null, null, null)
                        : new ServerEvent(mapName, eventType, key, incoming, null, null);
                try {
                    listener.lwwChanged(mapName, key, current, incoming, event, session);
                } catch (RuntimeException | StackOverflowError e) {
                    ChangeListener.logFailure(listener, mapName, key, e);
                }
            }
            return null;
        });
    }

    private Rejection orAdd(ClientSession session, ClientOp op, List<StoreKey> written) throws ClockDriftException {
        OrRecord record = op.orRecord();
        Rejection tooLarge = checkSize(record.value());
        if (tooLarge != null) {
            return tooLarge;
        }
        hlc.update(record.timestamp());
        ServerEvent event = new ServerEvent(op.mapName(), "OR_ADD", op.key(), null, record, record.tag());
        mergeOr(session, op.mapName(), op.key(), entry -> entry.add(record), event, written);
        written.add(StoreKey.or(op.mapName(), op.key()));
        return null;
    }

    private Rejection orRemove(ClientSession session, ClientOp op, List<StoreKey> written) {
        ServerEvent event = new ServerEvent(op.mapName(), "OR_REMOVE", op.key(), null, null, op.orTag());
        mergeOr(session, op.mapName(), op.key(), entry -> entry.removeTag(op.orTag()), event, written);
        written.add(StoreKey.or(op.mapName(), op.key()));
        return null;
    }

    private void mergeOr(ClientSession session, String mapName, String key,
                         UnaryOperator<OrMapEntry> change, ServerEvent event, List<StoreKey> written) {
        partitions.inPartitionOf(key, () -> {
            applyOr(session, mapName, key, change, event, written);
            return null;
        });
    }

    /** Applies one OR change to a key and tells the listener if it changed anything; the caller holds the key's partition. */
    private void applyOr(ClientSession session, String mapName, String key,
                         UnaryOperator<OrMapEntry> change, ServerEvent event, List<StoreKey> written) {
        OrMapEntry current = store.getOr(mapName, key);
        OrMapEntry base = current == null ? OrMapEntry.EMPTY : current;
        OrMapEntry next = change.apply(base);
        if (next != base) {
            store.putOr(mapName, key, next);
            OrRecord added = event.orRecord();
            if (added != null) {
                journal(mapName, key, false, added.value(), added.timestamp(), written);
            } else if (journal.enabled()) {
                journal(mapName, key, true, null, hlc.now(), written);
            }
            try {
                listener.orChanged(mapName, key, current, next, event, session);
            } catch (RuntimeException | StackOverflowError e) {
                ChangeListener.logFailure(listener, mapName, key, e);
            }
        }
    }

    /**
     * Merges OR-Map entries another replica pushed (ORMAP_PUSH_DIFF), keeping its tags and
     * timestamps. Every record is checked first (clock drift, value size), so a bad one applies
     * nothing. Each key then merges in its partition as the single ops the entry amounts to, an
     * OR_REMOVE per newly tombstoned tag and an OR_ADD per surviving pushed record; the result
     * equals {@link OrMapEntry#merge}, and listeners get one event per change as for CLIENT_OP.
     *
     * @return null when applied, else the error that stopped every entry
     */
    public ErrorMessage mergeOrEntries(ClientSession session, String mapName,
                                       List<dev.syncbench.protocol.OrMapEntry> entries) {
        if (!store.acceptsWrites()) {
            return unavailable(store.unavailableReason(), "nothing was applied");
        }
        for (dev.syncbench.protocol.OrMapEntry entry : entries) {
            for (OrRecord record : entry.records()) {
                Rejection tooLarge = checkSize(record.value());
                if (tooLarge != null) {
                    return new ErrorMessage(tooLarge.code(), "key '" + entry.key() + "': " + tooLarge.reason(), null);
                }
                try {
                    hlc.update(record.timestamp());
                } catch (ClockDriftException e) {
                    return new ErrorMessage(400, "key '" + entry.key() + "': " + e.getMessage(), null);
                }
            }
        }
        List<StoreKey> written = new ArrayList<>(entries.size());
        for (dev.syncbench.protocol.OrMapEntry entry : entries) {
            mergeOrEntry(session, mapName, entry.key(), entry.records(), entry.tombstones(), written);
            written.add(StoreKey.or(mapName, entry.key()));
        }
        try {
            store.persist(written);
            replication.replicate(written);
        } catch (StoreUnavailableException e) {
            return unavailable(e.getMessage(), "not acknowledged");
        }
        return null;
    }

    /**
     * Merges a key's state another cluster member applied (an owner's event or answer): the same
     * merge, journal and live events as a client's write, with no writer to spare, and not
     * replicated again.
     */
    public void mergeReplicatedLww(String mapName, String key, LwwRecord record) {
        List<StoreKey> written = new ArrayList<>(2);
        mergeLww(null, mapName, key, record, record.isTombstone() ? "REMOVE" : "PUT", written);
        written.add(StoreKey.lww(mapName, key));
        persistReplicated(written);
    }

    /** As {@link #mergeReplicatedLww} for an OR-Map entry: each tag it adds or removes is one event. */
    public void mergeReplicatedOr(String mapName, String key, OrMapEntry entry) {
        List<StoreKey> written = new ArrayList<>(2);
        mergeOrEntry(null, mapName, key, List.copyOf(entry.records()), List.copyOf(entry.tombstones()), written);
        written.add(StoreKey.or(mapName, key));
        persistReplicated(written);
    }

    private void persistReplicated(List<StoreKey> written) {
        try {
            store.persist(written);
        } catch (StoreUnavailableException e) {
            // Kept in memory and written with the log's next success, as for a client's write.
            java.util.logging.Logger.getLogger(WriteService.class.getName()).warning(
                    () -> "replicated change not yet in the local log: " + e.getMessage());
        }
    }

    private void mergeOrEntry(ClientSession session, String mapName, String key,
                              List<OrRecord> records, List<String> tombstones, List<StoreKey> written) {
        partitions.inPartitionOf(key, () -> {
            for (String tag : tombstones) {
                applyOr(session, mapName, key, entry -> entry.removeTag(tag),
                        new ServerEvent(mapName, "OR_REMOVE", key, null, null, tag), written);
            }
            for (OrRecord record : records) {
                applyOr(session, mapName, key, entry -> entry.add(record),
                        new ServerEvent(mapName, "OR_ADD", key, null, record, record.tag()), written);
            }
            return null;
        });
    }

    /**
     * Appends an applied change to the journal; with a log, its entry joins the request's group
     * write. The caller holds the key's partition.
     */
    private void journal(String mapName, String key, boolean delete, RecordValue value, Timestamp timestamp,
                         List<StoreKey> written) {
        long sequence = journal.append(delete, mapName, key, value, timestamp);
        if (sequence > 0 && store.logsChanges()) {
            written.add(StoreKey.journal(sequence));
        }
    }

    private Rejection checkSize(RecordValue value) {
        if (value != null && value.bytes().length > maxValueBytes) {
            return new Rejection(413, "value of " + value.bytes().length + " bytes exceeds the limit of "
                    + maxValueBytes + " bytes");
        }
        return null;
    }

    private record Rejection(int code, String reason) {
    }
}
