package dev.syncbench.protocol;

import java.util.List;

/** JOURNAL_READ_RESPONSE {requestId, events, hasMore} (flat). */
public record JournalReadResponse(String requestId, List<JournalEventData> events, boolean hasMore)
        implements ServerMessage {
    public static final String TYPE = "JOURNAL_READ_RESPONSE";

    @Override
    public String type() {
        return TYPE;
    }
}
