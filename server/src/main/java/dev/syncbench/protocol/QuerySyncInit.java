package dev.syncbench.protocol;

/** QUERY_SYNC_INIT {payload:{queryId, rootHash?}}: retired per-query sync, accepted and ignored. */
public record QuerySyncInit(String queryId, Long rootHash) implements ClientMessage {
    public static final String TYPE = "QUERY_SYNC_INIT";

    @Override
    public String type() {
        return TYPE;
    }
}
