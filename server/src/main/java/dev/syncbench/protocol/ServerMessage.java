package dev.syncbench.protocol;

/** A message the server sends to a client; a client sending one gets ERROR 400 naming the type. */
public sealed interface ServerMessage extends Message
        permits AuthRequired, AuthAck, AuthFail, Pong, OpAck, OpRejected, ErrorMessage,
                QueryResp, QueryUpdate, ServerEvent, ServerBatchEvent,
                SyncRespRoot, SyncRespBuckets, SyncRespLeaf, SyncResetRequired, GcPrune,
                OrMapSyncRespRoot, OrMapSyncRespBuckets, OrMapSyncRespLeaf, OrMapDiffResponse,
                TopicMessage, LockGranted, LockReleased,
                CounterResponse, CounterUpdate, SqlQueryResp, PartitionMap,
                JournalEvent, JournalReadResponse,
                SearchResp, SearchUpdate, HybridSearchResp, HybridSearchUpdate, VectorSearchResp {
}
