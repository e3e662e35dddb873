package dev.syncbench.protocol;

import java.util.List;

/**
 * JOURNAL_SUBSCRIBE {requestId, fromSequence?, mapName?, types?} (flat); no reply. The requestId
 * becomes the subscription id; null filters match everything.
 */
public record JournalSubscribe(String requestId, String fromSequence, String mapName, List<String> types)
        implements ClientMessage {
    public static final String TYPE = "JOURNAL_SUBSCRIBE";

    @Override
    public String type() {
        return TYPE;
    }
}
