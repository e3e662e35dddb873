package dev.syncbench.protocol;

/** SQL_QUERY_RESP {payload:{queryId, error?, code?}}; this server answers with code FEATURE_DISABLED. */
public record SqlQueryResp(String queryId, String error, String code) implements ServerMessage {
    public static final String TYPE = "SQL_QUERY_RESP";

    @Override
    public String type() {
        return TYPE;
    }
}
