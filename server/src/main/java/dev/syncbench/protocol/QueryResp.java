package dev.syncbench.protocol;

import java.util.List;

/**
 * QUERY_RESP {payload:{queryId, results:[{key, value}], hasMore?, nextCursor?, cursorStatus?}}: a
 * query's snapshot; null fields are omitted.
 */
public record QueryResp(
        String queryId,
        List<QueryRow> results,
        Boolean hasMore,
        String nextCursor,
        String cursorStatus) implements ServerMessage {
    public static final String TYPE = "QUERY_RESP";

    @Override
    public String type() {
        return TYPE;
    }
}
