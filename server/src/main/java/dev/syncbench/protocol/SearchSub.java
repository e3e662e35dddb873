package dev.syncbench.protocol;

/**
 * SEARCH_SUB {payload:{subscriptionId, mapName, query, options?}}: a live search, answered with a
 * SEARCH_RESP whose requestId is the subscription id, then SEARCH_UPDATEs.
 */
public record SearchSub(String subscriptionId, String mapName, String query, SearchOptions options)
        implements ClientMessage {
    public static final String TYPE = "SEARCH_SUB";

    @Override
    public String type() {
        return TYPE;
    }
}
