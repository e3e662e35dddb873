package dev.syncbench.protocol;

import static dev.syncbench.protocol.FieldProblems.require;
import static dev.syncbench.protocol.FrameWriter.present;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.RecordValue;
import java.io.IOException;
import java.util.List;
import org.msgpack.value.Value;

/** Live queries and fan-out: QUERY_SUB/UNSUB/RESP/UPDATE/SYNC_INIT and SERVER_EVENT / SERVER_BATCH_EVENT. */
final class QueryCodec {
    private static final FieldProblems STRICT = FieldProblems.STRICT;
    private static final String PAYLOAD = "payload";

    private QueryCodec() {
    }

    static QuerySub readQuerySub(FrameReader in, int size) throws IOException, ProtocolException {
        String queryId = null;
        String mapName = null;
        Value query = null;
        List<String> fields = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "queryId" -> queryId = in.string(STRICT, PAYLOAD, "queryId");
                case "mapName" -> mapName = in.string(STRICT, PAYLOAD, "mapName");
                case "query" -> {
                    if (in.nextIsMap()) {
                        query = in.value();
                    } else if (in.nextIsNil()) {
                        in.nil();
                    } else {
                        in.skip();
                        STRICT.wrongType(PAYLOAD, "query", "map");
                    }
                }
                case "fields" -> fields = in.stringList(STRICT, PAYLOAD, "fields");
                default -> in.skip();
            }
        }
        return new QuerySub(require(queryId, PAYLOAD, "queryId"), require(mapName, PAYLOAD, "mapName"),
                require(query, PAYLOAD, "query"), fields);
    }

    static void writeQuerySub(FrameWriter out, QuerySub m) throws IOException {
        out.beginPayload(QuerySub.TYPE, 3 + present(m.fields()));
        out.field("queryId", m.queryId());
        out.field("mapName", m.mapName());
        out.key("query");
        out.value(m.query());
        if (m.fields() != null) {
            out.key("fields");
            writeStrings(out, m.fields());
        }
    }

    static QueryUnsub readQueryUnsub(FrameReader in, int size) throws IOException, ProtocolException {
        String queryId = null;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("queryId")) {
                queryId = in.string(STRICT, PAYLOAD, "queryId");
            } else {
                in.skip();
            }
        }
        return new QueryUnsub(require(queryId, PAYLOAD, "queryId"));
    }

    static void writeQueryUnsub(FrameWriter out, QueryUnsub m) throws IOException {
        out.beginPayload(QueryUnsub.TYPE, 1);
        out.field("queryId", m.queryId());
    }

    static QuerySyncInit readQuerySyncInit(FrameReader in, int size) throws IOException, ProtocolException {
        String queryId = null;
        Long rootHash = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "queryId" -> queryId = in.string(STRICT, PAYLOAD, "queryId");
                case "rootHash" -> rootHash = in.optionalUint(STRICT, PAYLOAD, "rootHash", FrameReader.U32_MAX);
                default -> in.skip();
            }
        }
        return new QuerySyncInit(require(queryId, PAYLOAD, "queryId"), rootHash);
    }

    static void writeQuerySyncInit(FrameWriter out, QuerySyncInit m) throws IOException {
        out.beginPayload(QuerySyncInit.TYPE, 1 + present(m.rootHash()));
        out.field("queryId", m.queryId());
        out.optional("rootHash", m.rootHash());
    }

    static QueryResp readQueryResp(FrameReader in, int size) throws IOException, ProtocolException {
        String queryId = null;
        List<QueryRow> results = null;
        Boolean hasMore = null;
        String nextCursor = null;
        String cursorStatus = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "queryId" -> queryId = in.string(STRICT, PAYLOAD, "queryId");
                case "results" -> results = in.list(PAYLOAD, "results", QueryCodec::readRow);
                case "hasMore" -> hasMore = in.bool(STRICT, PAYLOAD, "hasMore");
                case "nextCursor" -> nextCursor = in.string(STRICT, PAYLOAD, "nextCursor");
                case "cursorStatus" -> cursorStatus = in.string(STRICT, PAYLOAD, "cursorStatus");
                default -> in.skip();
            }
        }
        return new QueryResp(require(queryId, PAYLOAD, "queryId"), require(results, PAYLOAD, "results"),
                hasMore, nextCursor, cursorStatus);
    }

    private static QueryRow readRow(FrameReader in, String path) throws IOException, ProtocolException {
        int size = in.requiredMapHeader(path);
        String key = null;
        RecordValue value = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "key" -> key = in.string(STRICT, path, "key");
                case "value" -> value = in.raw(STRICT, path, "value");
                default -> in.skip();
            }
        }
        return new QueryRow(require(key, path, "key"), require(value, path, "value"));
    }

    static void writeQueryResp(FrameWriter out, QueryResp m) throws IOException {
        out.beginPayload(QueryResp.TYPE,
                2 + present(m.hasMore()) + present(m.nextCursor()) + present(m.cursorStatus()));
        out.field("queryId", m.queryId());
        out.key("results");
        out.arrayHeader(m.results().size());
        for (QueryRow row : m.results()) {
            out.mapHeader(2);
            out.field("key", row.key());
            out.key("value");
            out.raw(row.value());
        }
        out.optional("hasMore", m.hasMore());
        out.optional("nextCursor", m.nextCursor());
        out.optional("cursorStatus", m.cursorStatus());
    }

    static QueryUpdate readQueryUpdate(FrameReader in, int size) throws IOException, ProtocolException {
        String queryId = null;
        String key = null;
        RecordValue value = null;
        String changeType = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "queryId" -> queryId = in.string(STRICT, PAYLOAD, "queryId");
                case "key" -> key = in.string(STRICT, PAYLOAD, "key");
                case "value" -> value = in.rawOrNull(STRICT, PAYLOAD, "value");
                case "changeType" -> changeType = in.string(STRICT, PAYLOAD, "changeType");
                default -> in.skip();
            }
        }
        return new QueryUpdate(require(queryId, PAYLOAD, "queryId"), require(key, PAYLOAD, "key"), value,
                require(changeType, PAYLOAD, "changeType"));
    }

    /** {@code value} is always written: nil on LEAVE, as TopGun's clients expect. */
    static void writeQueryUpdate(FrameWriter out, QueryUpdate m) throws IOException {
        out.beginPayload(QueryUpdate.TYPE, 4);
        out.field("queryId", m.queryId());
        out.field("key", m.key());
        out.key("value");
        out.raw(m.value());
        out.field("changeType", m.changeType());
    }

    static ServerEvent readServerEvent(FrameReader in, int size) throws IOException, ProtocolException {
        return readEventFields(in, size, PAYLOAD);
    }

    private static ServerEvent readEventFields(FrameReader in, int size, String path)
            throws IOException, ProtocolException {
        String mapName = null;
        String eventType = null;
        String key = null;
        LwwRecord record = null;
        OrRecord orRecord = null;
        String orTag = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, path, "mapName");
                case "eventType" -> eventType = in.string(STRICT, path, "eventType");
                case "key" -> key = in.string(STRICT, path, "key");
                case "record" -> record = CrdtWire.readLww(in, STRICT, path, "record");
                case "orRecord" -> orRecord = CrdtWire.readOr(in, STRICT, path, "orRecord");
                case "orTag" -> orTag = in.string(STRICT, path, "orTag");
                default -> in.skip();
            }
        }
        return new ServerEvent(require(mapName, path, "mapName"), require(eventType, path, "eventType"),
                require(key, path, "key"), record, orRecord, orTag);
    }

    static void writeServerEvent(FrameWriter out, ServerEvent m) throws IOException {
        out.mapHeader(2);
        out.field("type", ServerEvent.TYPE);
        out.key(PAYLOAD);
        writeEventFields(out, m);
    }

    private static void writeEventFields(FrameWriter out, ServerEvent m) throws IOException {
        out.mapHeader(3 + present(m.record()) + present(m.orRecord()) + present(m.orTag()));
        out.field("mapName", m.mapName());
        out.field("eventType", m.eventType());
        out.field("key", m.key());
        if (m.record() != null) {
            out.key("record");
            CrdtWire.writeLww(out, m.record(), false);
        }
        if (m.orRecord() != null) {
            out.key("orRecord");
            CrdtWire.writeOr(out, m.orRecord(), false);
        }
        out.optional("orTag", m.orTag());
    }

    static ServerBatchEvent readServerBatchEvent(FrameReader in, int size) throws IOException, ProtocolException {
        List<ServerEvent> events = null;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("events")) {
                events = in.list(PAYLOAD, "events",
                        (reader, path) -> readEventFields(reader, reader.requiredMapHeader(path), path));
            } else {
                in.skip();
            }
        }
        return new ServerBatchEvent(require(events, PAYLOAD, "events"));
    }

    static void writeServerBatchEvent(FrameWriter out, ServerBatchEvent m) throws IOException {
        out.beginPayload(ServerBatchEvent.TYPE, 1);
        out.key("events");
        out.arrayHeader(m.events().size());
        for (ServerEvent event : m.events()) {
            writeEventFields(out, event);
        }
    }

    static void writeStrings(FrameWriter out, List<String> strings) throws IOException {
        out.arrayHeader(strings.size());
        for (String s : strings) {
            out.string(s);
        }
    }
}
