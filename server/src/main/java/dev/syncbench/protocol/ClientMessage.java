package dev.syncbench.protocol;

/** A message a client sends to the server. */
public sealed interface ClientMessage extends Message
        permits Auth, Ping, ClientOpMessage, OpBatch,
                QuerySub, QueryUnsub, QuerySyncInit,
                SyncInit, MerkleReqBucket,
                OrMapSyncInit, OrMapMerkleReqBucket, OrMapDiffRequest, OrMapPushDiff,
                TopicSub, TopicUnsub, TopicPub,
                LockRequest, LockRelease,
                CounterRequest, CounterSync,
                JournalSubscribe, JournalUnsubscribe, JournalRead,
                Search, SearchSub, SearchUnsub, HybridSearch, HybridSearchSub, HybridSearchUnsub, VectorSearch,
                PartitionMapRequest, SqlQuery, Batch, NotImplemented {
}
