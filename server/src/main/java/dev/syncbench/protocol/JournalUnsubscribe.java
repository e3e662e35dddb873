package dev.syncbench.protocol;

/** JOURNAL_UNSUBSCRIBE {subscriptionId} (flat); no reply. */
public record JournalUnsubscribe(String subscriptionId) implements ClientMessage {
    public static final String TYPE = "JOURNAL_UNSUBSCRIBE";

    @Override
    public String type() {
        return TYPE;
    }
}
