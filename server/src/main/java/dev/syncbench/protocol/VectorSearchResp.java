package dev.syncbench.protocol;

import java.util.List;

/** VECTOR_SEARCH_RESP {payload:{id, results, totalCandidates, searchTimeMs, error?}}. */
public record VectorSearchResp(String id, List<VectorHit> results, long totalCandidates, long searchTimeMs,
                               String error) implements ServerMessage {
    public static final String TYPE = "VECTOR_SEARCH_RESP";

    @Override
    public String type() {
        return TYPE;
    }
}
