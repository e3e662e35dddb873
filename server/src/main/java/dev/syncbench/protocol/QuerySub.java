package dev.syncbench.protocol;

import java.util.List;
import org.msgpack.value.Value;

/**
 * QUERY_SUB {payload:{queryId, mapName, query, fields?}}: {@code query} is kept as a tree for the
 * query package to parse; {@code fields} (a projection) is null when absent.
 */
public record QuerySub(
        String queryId,
        String mapName,
        Value query,
        List<String> fields) implements ClientMessage {
    public static final String TYPE = "QUERY_SUB";

    @Override
    public String type() {
        return TYPE;
    }
}
