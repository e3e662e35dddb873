package dev.syncbench.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Turns frames into {@link Message}s and back (PROTOCOL §1, §9). Stateless and thread-safe.
 *
 * <p>Decoding first runs {@link DepthGuard} (well-formed, one value, at most {@link #MAX_DEPTH}
 * deep), then reads {@code type} and streams the fields of that type. Frame-level faults throw
 * {@link ProtocolException}; faults inside one op of a write only mark that op's problem.
 */
public final class MessageCodec {
    public static final int MAX_DEPTH = 256;

    /** Decodes a frame from a client that has not authenticated: it shares no new node ids. */
    public Message decode(byte[] frame) throws ProtocolException {
        return decode(frame, false);
    }

    /**
     * Decodes a frame; {@code authenticated} lets its node ids join the shared ones (see
     * {@code NodeIds}), which only an authenticated client may grow.
     */
    public Message decode(byte[] frame, boolean authenticated) throws ProtocolException {
        DepthGuard.check(frame);
        try {
            FrameReader in = new FrameReader(frame, authenticated);
            if (!in.nextIsMap()) {
                throw new ProtocolException(DepthGuard.MALFORMED);
            }
            int size = in.mapHeader();
            String type;
            if (size > 0 && in.key().equals("type")) {
                // The usual case (every TopGun client writes type first): read on from here.
                if (!in.nextIsString()) {
                    throw new ProtocolException(DepthGuard.MALFORMED);
                }
                type = in.string(FieldProblems.STRICT, "", "type");
                size--;
            } else {
                type = readType(frame);
                in = new FrameReader(frame, authenticated);
                size = in.mapHeader();
            }
            return switch (type) {
                case Auth.TYPE -> SessionCodec.readAuth(in, size);
                case AuthRequired.TYPE -> SessionCodec.readAuthRequired(in, size);
                case AuthAck.TYPE -> SessionCodec.readAuthAck(in, size);
                case AuthFail.TYPE -> SessionCodec.readAuthFail(in, size);
                case Ping.TYPE -> SessionCodec.readPing(in, size);
                case Pong.TYPE -> SessionCodec.readPong(in, size);
                case ErrorMessage.TYPE -> Envelope.payload(in, size, SessionCodec::readError);
                case ClientOpMessage.TYPE -> Envelope.payload(in, size, WriteCodec::readClientOpMessage);
                case OpBatch.TYPE -> Envelope.payload(in, size, WriteCodec::readOpBatch);
                case OpAck.TYPE -> Envelope.payload(in, size, WriteCodec::readOpAck);
                case OpRejected.TYPE -> Envelope.payload(in, size, WriteCodec::readOpRejected);
                case QuerySub.TYPE -> Envelope.payload(in, size, QueryCodec::readQuerySub);
                case QueryUnsub.TYPE -> Envelope.payload(in, size, QueryCodec::readQueryUnsub);
                case QuerySyncInit.TYPE -> Envelope.payload(in, size, QueryCodec::readQuerySyncInit);
                case QueryResp.TYPE -> Envelope.payload(in, size, QueryCodec::readQueryResp);
                case QueryUpdate.TYPE -> Envelope.payload(in, size, QueryCodec::readQueryUpdate);
                case ServerEvent.TYPE -> Envelope.payload(in, size, QueryCodec::readServerEvent);
                case ServerBatchEvent.TYPE -> Envelope.payload(in, size, QueryCodec::readServerBatchEvent);
                case SyncInit.TYPE -> SyncCodec.readSyncInit(in, size);
                case SyncRespRoot.TYPE -> Envelope.payload(in, size, SyncCodec::readSyncRespRoot);
                case MerkleReqBucket.TYPE -> Envelope.payload(in, size, SyncCodec::readMerkleReqBucket);
                case SyncRespBuckets.TYPE -> Envelope.payload(in, size, SyncCodec::readSyncRespBuckets);
                case SyncRespLeaf.TYPE -> Envelope.payload(in, size, SyncCodec::readLeaf);
                case SyncResetRequired.TYPE -> Envelope.payload(in, size, SyncCodec::readSyncResetRequired);
                case GcPrune.TYPE -> Envelope.payload(in, size, GcPruneCodec::read);
                case OrMapSyncInit.TYPE -> SyncCodec.readOrMapSyncInit(in, size);
                case OrMapSyncRespRoot.TYPE -> Envelope.payload(in, size, SyncCodec::readOrMapSyncRespRoot);
                case OrMapMerkleReqBucket.TYPE -> Envelope.payload(in, size, SyncCodec::readOrMapMerkleReqBucket);
                case OrMapSyncRespBuckets.TYPE -> Envelope.payload(in, size, SyncCodec::readOrMapSyncRespBuckets);
                case OrMapSyncRespLeaf.TYPE -> Envelope.payload(in, size, SyncCodec::readOrMapLeaf);
                case OrMapDiffRequest.TYPE -> Envelope.payload(in, size, SyncCodec::readDiffRequest);
                case OrMapDiffResponse.TYPE -> Envelope.payload(in, size, SyncCodec::readOrMapDiffResponse);
                case OrMapPushDiff.TYPE -> Envelope.payload(in, size, SyncCodec::readOrMapPushDiff);
                case TopicSub.TYPE -> Envelope.payload(in, size, CoordinationCodec::readTopicSub);
                case TopicUnsub.TYPE -> Envelope.payload(in, size, CoordinationCodec::readTopicUnsub);
                case TopicPub.TYPE -> Envelope.payload(in, size, CoordinationCodec::readTopicPub);
                case TopicMessage.TYPE -> Envelope.payload(in, size, CoordinationCodec::readTopicMessage);
                case LockRequest.TYPE -> Envelope.payload(in, size, CoordinationCodec::readLockRequest);
                case LockRelease.TYPE -> Envelope.payload(in, size, CoordinationCodec::readLockRelease);
                case LockGranted.TYPE -> Envelope.payload(in, size, CoordinationCodec::readLockGranted);
                case LockReleased.TYPE -> Envelope.payload(in, size, CoordinationCodec::readLockReleased);
                case CounterRequest.TYPE -> Envelope.payload(in, size, CoordinationCodec::readCounterRequest);
                case CounterSync.TYPE -> Envelope.payload(in, size, CoordinationCodec::readCounterSync);
                case CounterResponse.TYPE -> Envelope.payload(in, size, CoordinationCodec::readCounterResponse);
                case CounterUpdate.TYPE -> Envelope.payload(in, size, CoordinationCodec::readCounterUpdate);
                case PartitionMapRequest.TYPE -> CoordinationCodec.readPartitionMapRequest(in, size);
                case SqlQuery.TYPE -> Envelope.payload(in, size, CoordinationCodec::readSqlQuery);
                case SqlQueryResp.TYPE -> Envelope.payload(in, size, CoordinationCodec::readSqlQueryResp);
                case Batch.TYPE -> CoordinationCodec.readBatch(in, size);
                case JournalSubscribe.TYPE -> JournalCodec.readSubscribe(in, size);
                case JournalUnsubscribe.TYPE -> JournalCodec.readUnsubscribe(in, size);
                case JournalRead.TYPE -> JournalCodec.readRead(in, size);
                case JournalReadResponse.TYPE -> JournalCodec.readReadResponse(in, size);
                case JournalEvent.TYPE -> JournalCodec.readEvent(in, size);
                case Search.TYPE -> Envelope.payload(in, size, SearchCodec::readSearch);
                case SearchSub.TYPE -> Envelope.payload(in, size, SearchCodec::readSearchSub);
                case SearchUnsub.TYPE -> Envelope.payload(in, size, SearchCodec::readSearchUnsub);
                case SearchResp.TYPE -> Envelope.payload(in, size, SearchCodec::readSearchResp);
                case SearchUpdate.TYPE -> Envelope.payload(in, size, SearchCodec::readSearchUpdate);
                case HybridSearch.TYPE -> Envelope.payload(in, size, VectorSearchCodec::readHybridSearch);
                case HybridSearchResp.TYPE -> Envelope.payload(in, size, VectorSearchCodec::readHybridSearchResp);
                case HybridSearchSub.TYPE -> Envelope.payload(in, size, VectorSearchCodec::readHybridSearchSub);
                case HybridSearchUnsub.TYPE -> Envelope.payload(in, size, VectorSearchCodec::readHybridSearchUnsub);
                case HybridSearchUpdate.TYPE -> Envelope.payload(in, size, VectorSearchCodec::readHybridSearchUpdate);
                case VectorSearch.TYPE -> Envelope.payload(in, size, VectorSearchCodec::readVectorSearch);
                case VectorSearchResp.TYPE -> Envelope.payload(in, size, VectorSearchCodec::readVectorSearchResp);
                default -> {
                    String feature = NotImplemented.featureOf(type);
                    yield feature != null ? new NotImplemented(type, feature) : unrecognized(type, frame);
                }
            };
        } catch (IOException | MessagePackException | IndexOutOfBoundsException e) {
            throw new ProtocolException(DepthGuard.MALFORMED);
        }
    }

    public byte[] encode(Message message) {
        FrameWriter out = new FrameWriter();
        try {
            switch (message) {
                case Auth m -> SessionCodec.writeAuth(out, m);
                case AuthRequired m -> SessionCodec.writeAuthRequired(out, m);
                case AuthAck m -> SessionCodec.writeAuthAck(out, m);
                case AuthFail m -> SessionCodec.writeAuthFail(out, m);
                case Ping m -> SessionCodec.writePing(out, m);
                case Pong m -> SessionCodec.writePong(out, m);
                case ErrorMessage m -> SessionCodec.writeError(out, m);
                case ClientOpMessage m -> WriteCodec.writeClientOpMessage(out, m);
                case OpBatch m -> WriteCodec.writeOpBatch(out, m);
                case OpAck m -> WriteCodec.writeOpAck(out, m);
                case OpRejected m -> WriteCodec.writeOpRejected(out, m);
                case QuerySub m -> QueryCodec.writeQuerySub(out, m);
                case QueryUnsub m -> QueryCodec.writeQueryUnsub(out, m);
                case QuerySyncInit m -> QueryCodec.writeQuerySyncInit(out, m);
                case QueryResp m -> QueryCodec.writeQueryResp(out, m);
                case QueryUpdate m -> QueryCodec.writeQueryUpdate(out, m);
                case ServerEvent m -> QueryCodec.writeServerEvent(out, m);
                case ServerBatchEvent m -> QueryCodec.writeServerBatchEvent(out, m);
                case SyncInit m -> SyncCodec.writeSyncInit(out, m);
                case SyncRespRoot m -> SyncCodec.writeRoot(out, m.type(),
                        m.mapName(), m.rootHash(), m.timestamp());
                case MerkleReqBucket m -> SyncCodec.writePath(out, m.type(), m.mapName(), m.path());
                case SyncRespBuckets m -> SyncCodec.writeBuckets(out, m.type(), m.mapName(), m.path(), m.buckets());
                case SyncRespLeaf m -> SyncCodec.writeLeaf(out, m);
                case SyncResetRequired m -> SyncCodec.writeSyncResetRequired(out, m);
                case GcPrune m -> GcPruneCodec.write(out, m);
                case OrMapSyncInit m -> SyncCodec.writeOrMapSyncInit(out, m);
                case OrMapSyncRespRoot m -> SyncCodec.writeRoot(out, m.type(),
                        m.mapName(), m.rootHash(), m.timestamp());
                case OrMapMerkleReqBucket m -> SyncCodec.writePath(out, m.type(), m.mapName(), m.path());
                case OrMapSyncRespBuckets m -> SyncCodec.writeBuckets(out, m.type(),
                        m.mapName(), m.path(), m.buckets());
                case OrMapSyncRespLeaf m -> SyncCodec.writeOrMapLeaf(out, m);
                case OrMapDiffRequest m -> SyncCodec.writeDiffRequest(out, m);
                case OrMapDiffResponse m -> SyncCodec.writeEntries(out, m.type(), m.mapName(), m.entries(), true);
                case OrMapPushDiff m -> SyncCodec.writeEntries(out, m.type(), m.mapName(), m.entries(), false);
                case TopicSub m -> CoordinationCodec.writeTopic(out, m.type(), m.topic());
                case TopicUnsub m -> CoordinationCodec.writeTopic(out, m.type(), m.topic());
                case TopicPub m -> CoordinationCodec.writeTopicPub(out, m);
                case TopicMessage m -> CoordinationCodec.writeTopicMessage(out, m);
                case LockRequest m -> CoordinationCodec.writeLockRequest(out, m);
                case LockRelease m -> CoordinationCodec.writeLockRelease(out, m);
                case LockGranted m -> CoordinationCodec.writeLockGranted(out, m);
                case LockReleased m -> CoordinationCodec.writeLockReleased(out, m);
                case CounterRequest m -> CoordinationCodec.writeCounterRequest(out, m);
                case CounterSync m -> CoordinationCodec.writeCounterState(out, m.type(), m.name(), m.state());
                case CounterResponse m -> CoordinationCodec.writeCounterState(out, m.type(), m.name(), m.state());
                case CounterUpdate m -> CoordinationCodec.writeCounterState(out, m.type(), m.name(), m.state());
                case PartitionMapRequest m -> CoordinationCodec.writePartitionMapRequest(out, m);
                case PartitionMap m -> CoordinationCodec.writePartitionMap(out, m);
                case SqlQuery m -> CoordinationCodec.writeSqlQuery(out, m);
                case SqlQueryResp m -> CoordinationCodec.writeSqlQueryResp(out, m);
                case Batch m -> CoordinationCodec.writeBatch(out, m);
                case JournalSubscribe m -> JournalCodec.writeSubscribe(out, m);
                case JournalUnsubscribe m -> JournalCodec.writeUnsubscribe(out, m);
                case JournalRead m -> JournalCodec.writeRead(out, m);
                case JournalReadResponse m -> JournalCodec.writeReadResponse(out, m);
                case JournalEvent m -> JournalCodec.writeEvent(out, m);
                case Search m -> SearchCodec.writeSearch(out, m);
                case SearchSub m -> SearchCodec.writeSearchSub(out, m);
                case SearchUnsub m -> SearchCodec.writeSearchUnsub(out, m);
                case SearchResp m -> SearchCodec.writeSearchResp(out, m);
                case SearchUpdate m -> SearchCodec.writeSearchUpdate(out, m);
                case HybridSearch m -> VectorSearchCodec.writeHybridSearch(out, m);
                case HybridSearchResp m -> VectorSearchCodec.writeHybridSearchResp(out, m);
                case HybridSearchSub m -> VectorSearchCodec.writeHybridSearchSub(out, m);
                case HybridSearchUnsub m -> VectorSearchCodec.writeHybridSearchUnsub(out, m);
                case HybridSearchUpdate m -> VectorSearchCodec.writeHybridSearchUpdate(out, m);
                case VectorSearch m -> VectorSearchCodec.writeVectorSearch(out, m);
                case VectorSearchResp m -> VectorSearchCodec.writeVectorSearchResp(out, m);
                case NotImplemented m -> out.beginFlat(m.type(), 0);
                case Unrecognized m -> out.value(m.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The top-level {@code type}, wherever it sits in the map; a missing or non-string type is malformed. */
    private static String readType(byte[] frame) throws IOException, ProtocolException {
        FrameReader in = new FrameReader(frame);
        int size = in.mapHeader();
        for (int i = 0; i < size; i++) {
            if (!in.key().equals("type")) {
                in.skip();
            } else if (in.nextIsString()) {
                return in.string(FieldProblems.STRICT, "", "type");
            } else {
                break;
            }
        }
        throw new ProtocolException(DepthGuard.MALFORMED);
    }

    private static Unrecognized unrecognized(String type, byte[] frame) throws IOException {
        try (MessageUnpacker in = FrameReader.CONFIG.newUnpacker(frame)) {
            return new Unrecognized(type, in.unpackValue());
        }
    }
}
