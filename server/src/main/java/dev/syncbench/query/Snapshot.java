package dev.syncbench.query;

import java.util.List;

/**
 * A query's current result, as QUERY_RESP carries it. nextCursor is null unless hasMore and the
 * query has both sort and limit; cursorStatus is the wire name ("none", "valid", "invalid", "expired").
 */
public record Snapshot(List<Row> rows, boolean hasMore, String nextCursor, String cursorStatus) {
}
