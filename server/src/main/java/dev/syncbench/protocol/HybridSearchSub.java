package dev.syncbench.protocol;

/**
 * HYBRID_SEARCH_SUB: the fields of HYBRID_SEARCH with {@code subscriptionId} in place of
 * {@code requestId}; {@code search.requestId()} holds the subscription id.
 */
public record HybridSearchSub(HybridSearch search) implements ClientMessage {
    public static final String TYPE = "HYBRID_SEARCH_SUB";

    public String subscriptionId() {
        return search.requestId();
    }

    @Override
    public String type() {
        return TYPE;
    }
}
