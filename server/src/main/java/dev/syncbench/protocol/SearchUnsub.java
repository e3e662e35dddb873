package dev.syncbench.protocol;

/** SEARCH_UNSUB {payload:{subscriptionId}}: ends a live search; no reply. */
public record SearchUnsub(String subscriptionId) implements ClientMessage {
    public static final String TYPE = "SEARCH_UNSUB";

    @Override
    public String type() {
        return TYPE;
    }
}
