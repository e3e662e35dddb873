package dev.syncbench.protocol;

/**
 * SQL_QUERY_RESP {payload:{queryId, columns, rows, error?, code?}}. This server runs no SQL, so
 * {@code columns} and {@code rows} are always written empty, as TopGun writes them.
 */
public record SqlQueryResp(String queryId, String error, String code) implements ServerMessage {
    public static final String TYPE = "SQL_QUERY_RESP";
    /** TopGun's wording for a server without SQL; its client shows it and checks for "SQL is not available". */
    public static final String NOT_AVAILABLE = "SQL is not available: this server was built without the datafusion feature";
    public static final String FEATURE_DISABLED = "FEATURE_DISABLED";

    /** The answer to any SQL_QUERY on this server. */
    public static SqlQueryResp featureDisabled(String queryId) {
        return new SqlQueryResp(queryId, NOT_AVAILABLE, FEATURE_DISABLED);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
