package dev.syncbench.protocol;

/** QUERY_UNSUB {payload:{queryId}}: ends a live query; no reply. */
public record QueryUnsub(String queryId) implements ClientMessage {
    public static final String TYPE = "QUERY_UNSUB";

    @Override
    public String type() {
        return TYPE;
    }
}
