package dev.syncbench.protocol;

import java.util.List;

/** SEARCH_RESP {payload:{requestId, results, totalCount, error?}}; {@code error} is omitted when null. */
public record SearchResp(String requestId, List<SearchHit> results, long totalCount, String error)
        implements ServerMessage {
    public static final String TYPE = "SEARCH_RESP";

    @Override
    public String type() {
        return TYPE;
    }
}
