package dev.syncbench.protocol;

/** JOURNAL_READ {requestId, fromSequence, limit?, mapName?} (flat); limit is null when not given. */
public record JournalRead(String requestId, String fromSequence, Integer limit, String mapName)
        implements ClientMessage {
    public static final String TYPE = "JOURNAL_READ";
    public static final int DEFAULT_LIMIT = 100;
    /** A larger limit is refused: one reply stays a bounded frame. */
    public static final int MAX_LIMIT = 1000;

    @Override
    public String type() {
        return TYPE;
    }
}
