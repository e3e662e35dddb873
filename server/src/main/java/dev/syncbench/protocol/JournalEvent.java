package dev.syncbench.protocol;

/** JOURNAL_EVENT {event:{...}}: a journal entry pushed to a JOURNAL_SUBSCRIBE subscriber. */
public record JournalEvent(JournalEventData event) implements ServerMessage {
    public static final String TYPE = "JOURNAL_EVENT";

    @Override
    public String type() {
        return TYPE;
    }
}
