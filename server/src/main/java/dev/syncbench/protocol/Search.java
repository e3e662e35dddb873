package dev.syncbench.protocol;

/** SEARCH {payload:{requestId, mapName, query, options?}}: a one-shot full-text search, answered with SEARCH_RESP. */
public record Search(String requestId, String mapName, String query, SearchOptions options) implements ClientMessage {
    public static final String TYPE = "SEARCH";

    @Override
    public String type() {
        return TYPE;
    }
}
