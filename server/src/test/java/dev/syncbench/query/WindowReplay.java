package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.msgpack.value.Value;

/**
 * Plays a client: takes a snapshot, then applies the changes of every write to its copy of the
 * result, and checks that copy against a fresh snapshot of the final state.
 */
final class WindowReplay {
    private static final CursorCodec CURSORS = new CursorCodec("replay".getBytes());

    /** One write: the record of key k gets {score?, on, v}, or is removed. */
    record Write(int k, Integer score, boolean on, boolean remove) {
        String key() {
            return "k" + k;
        }

        Value value(int version) {
            if (remove) {
                return null;
            }
            String score = this.score == null ? "" : "'score':" + this.score + ",";
            return Json.value("{" + score + "'on':" + on + ",'v':" + version + "}");
        }
    }

    /** A query shape: optional limit, direction, optional filter on 'on', optional projection. */
    record Shape(Integer limit, boolean descending, boolean filtered, boolean projected) {
        Query query() throws InvalidQueryException {
            String where = filtered ? "'where':{'on':true}," : "";
            String limit = this.limit == null ? "" : ",'limit':" + this.limit;
            String json = "{" + where + "'sort':[{'field':'score','direction':'" + (descending ? "desc" : "asc") + "'}]" + limit + "}";
            return Query.parse(Json.value(json), projected ? List.of("score") : null, CURSORS);
        }
    }

    private WindowReplay() {
    }

    static void check(Shape shape, List<Write> initial, List<Write> writes) throws InvalidQueryException {
        Query query = shape.query();
        Map<String, Value> store = new TreeMap<>();
        int version = 0;
        for (Write write : initial) {
            store(store, write.key(), write.value(version++));
        }

        LiveQuery live = new LiveQuery(query);
        Map<String, Value> client = new LinkedHashMap<>();
        for (Row row : live.snapshot(store.entrySet()).rows()) {
            client.put(row.key(), row.value());
        }

        for (Write write : writes) {
            Value value = write.value(version++);
            store(store, write.key(), value);
            for (Change change : live.apply(write.key(), value)) {
                switch (change.type()) {
                    case ENTER -> assertFalse(client.containsKey(change.key()), "ENTER for a key the client holds: " + change);
                    case UPDATE, LEAVE -> assertTrue(client.containsKey(change.key()), "change for a key the client lacks: " + change);
                }
                if (change.type() == ChangeType.LEAVE) {
                    client.remove(change.key());
                } else {
                    client.put(change.key(), change.value());
                }
                assertTrue(shape.limit() == null || client.size() <= shape.limit(), "window over the limit: " + client);
            }
        }

        Snapshot fresh = new LiveQuery(query).snapshot(store.entrySet());
        Map<String, Value> expected = new LinkedHashMap<>();
        for (Row row : fresh.rows()) {
            expected.put(row.key(), row.value());
        }
        assertEquals(expected, client, "client window differs from a fresh snapshot");
        assertEquals(List.copyOf(expected.keySet()), live.windowKeys());
    }

    private static void store(Map<String, Value> store, String key, Value value) {
        if (value == null) {
            store.remove(key);
        } else {
            store.put(key, value);
        }
    }
}
