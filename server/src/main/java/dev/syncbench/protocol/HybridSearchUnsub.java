package dev.syncbench.protocol;

/** HYBRID_SEARCH_UNSUB {payload:{subscriptionId}}: ends a live hybrid search; no reply. */
public record HybridSearchUnsub(String subscriptionId) implements ClientMessage {
    public static final String TYPE = "HYBRID_SEARCH_UNSUB";

    @Override
    public String type() {
        return TYPE;
    }
}
