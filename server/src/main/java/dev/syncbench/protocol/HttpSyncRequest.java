package dev.syncbench.protocol;

import dev.syncbench.crdt.Timestamp;
import java.util.List;
import org.msgpack.value.Value;

/**
 * The body of {@code POST /sync} (reference features §4.2): a client without a WebSocket sends
 * its ops, the maps it wants to catch up on, and its queries. {@code searches} are accepted and
 * ignored, as TopGun does.
 */
public record HttpSyncRequest(String clientId, Timestamp clientHlc, List<ClientOp> operations,
                              List<SyncMap> syncMaps, List<Query> queries) {

    /** An empty body: no operations, nothing to catch up on. */
    public static final HttpSyncRequest EMPTY = new HttpSyncRequest(null, null, List.of(), List.of(), List.of());

    /** A map to catch up on: the changes stamped after {@code lastSyncTimestamp} (null: all). */
    public record SyncMap(String mapName, Timestamp lastSyncTimestamp) {
    }

    /** {@code filter}: a map means top-level equality on each entry, anything else matches everything. */
    public record Query(String queryId, String mapName, Value filter, Long limit, Long offset, String cursor) {
    }
}
