package dev.syncbench.protocol;

import java.util.List;

/** HYBRID_SEARCH_RESP {payload:{requestId, results, searchTimeMs, error?}}; {@code error} is left out when null. */
public record HybridSearchResp(String requestId, List<HybridHit> results, long searchTimeMs, String error)
        implements ServerMessage {
    public static final String TYPE = "HYBRID_SEARCH_RESP";

    @Override
    public String type() {
        return TYPE;
    }
}
