package dev.syncbench.protocol;

/** SQL_QUERY {payload:{queryId, sql}}. */
public record SqlQuery(String queryId, String sql) implements ClientMessage {
    public static final String TYPE = "SQL_QUERY";

    @Override
    public String type() {
        return TYPE;
    }
}
