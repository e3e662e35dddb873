package dev.syncbench.protocol;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessagePackException;
import org.msgpack.value.Value;

/**
 * Reads {@code POST /sync} bodies and writes their answers (reference features §4.2, §4.6). A body
 * is checked like a frame first (well-formed, one value, at most {@link MessageCodec#MAX_DEPTH}
 * deep, without recursion); the messages of the exceptions are TopGun's, after its
 * {@code invalid MsgPack body: } prefix. Ops are read as OP_BATCH ops are: a bad op is rejected
 * alone.
 */
public final class HttpSyncCodec {
    public static final String MALFORMED = "frame rejected: malformed MsgPack";
    public static final String TOO_DEEP = "frame rejected: MsgPack nesting exceeds " + MessageCodec.MAX_DEPTH + " levels";
    private static final String DECODE_ERROR = "decode error: ";
    private static final FieldProblems STRICT = FieldProblems.STRICT;

    /**
     * @param authenticated whether the body's node ids may join the shared ones (see {@code NodeIds})
     * @throws ProtocolException with {@link #MALFORMED}, {@link #TOO_DEEP} or {@code decode error: <what>}
     */
    public HttpSyncRequest decode(byte[] body, boolean authenticated) throws ProtocolException {
        if (body.length == 0) {
            return HttpSyncRequest.EMPTY;
        }
        try {
            DepthGuard.check(body);
        } catch (ProtocolException e) {
            throw new ProtocolException(DepthGuard.TOO_DEEP.equals(e.getMessage()) ? TOO_DEEP : MALFORMED);
        }
        try {
            return read(new FrameReader(body, authenticated));
        } catch (ProtocolException e) {
            throw new ProtocolException(DECODE_ERROR + e.getMessage());
        } catch (IOException | MessagePackException | IndexOutOfBoundsException e) {
            throw new ProtocolException(MALFORMED);
        }
    }

    private static HttpSyncRequest read(FrameReader in) throws IOException, ProtocolException {
        if (!in.nextIsMap()) {
            throw new ProtocolException("the body must be a map {clientId, clientHlc, operations?, syncMaps?, queries?}");
        }
        int size = in.mapHeader();
        String clientId = null;
        Timestamp clientHlc = null;
        List<ClientOp> operations = List.of();
        List<HttpSyncRequest.SyncMap> syncMaps = List.of();
        List<HttpSyncRequest.Query> queries = List.of();
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "clientId" -> clientId = in.string(STRICT, "", "clientId");
                case "clientHlc" -> clientHlc = in.nextIsNil() ? nil(in) : CrdtWire.readTimestamp(in, STRICT, "", "clientHlc");
                case "operations" -> operations = operations(in);
                case "syncMaps" -> syncMaps = list(in, "syncMaps", HttpSyncCodec::syncMap);
                case "queries" -> queries = list(in, "queries", HttpSyncCodec::query);
                default -> in.skip(); // searches too: accepted and ignored, as TopGun
            }
        }
        FieldProblems.require(clientId, "", "clientId");
        FieldProblems.require(clientHlc, "", "clientHlc");
        return new HttpSyncRequest(clientId, clientHlc, operations, syncMaps, queries);
    }

    private static <T> T nil(FrameReader in) {
        in.nil();
        return null;
    }

    private static List<ClientOp> operations(FrameReader in) throws IOException, ProtocolException {
        int count = in.arrayHeader(STRICT, "", "operations");
        List<ClientOp> ops = new ArrayList<>(Math.max(count, 0));
        for (int i = 0; i < count; i++) {
            if (in.nextIsMap()) {
                ops.add(WriteCodec.readClientOp(in, in.mapHeader()));
            } else {
                in.skip();
                ops.add(new ClientOp(null, null, null, OpKind.PUT, null, null, null, null, null, WriteCodec.NOT_A_MAP,
                        null, false, false, false));
            }
        }
        return ops;
    }

    @FunctionalInterface
    private interface ItemReader<T> {
        T read(FrameReader in, String path) throws IOException, ProtocolException;
    }

    private static <T> List<T> list(FrameReader in, String name, ItemReader<T> item) throws IOException, ProtocolException {
        int count = in.arrayHeader(STRICT, "", name);
        List<T> out = new ArrayList<>(Math.max(count, 0));
        for (int i = 0; i < count; i++) {
            out.add(item.read(in, name + "[" + i + "]"));
        }
        return out;
    }

    private static HttpSyncRequest.SyncMap syncMap(FrameReader in, String path) throws IOException, ProtocolException {
        int size = in.mapHeader(STRICT, "", path);
        if (size < 0) {
            STRICT.missing("", path);
        }
        String mapName = null;
        Timestamp since = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "mapName" -> mapName = in.string(STRICT, path, "mapName");
                case "lastSyncTimestamp" -> since = in.nextIsNil() ? nil(in)
                        : CrdtWire.readTimestamp(in, STRICT, path, "lastSyncTimestamp");
                default -> in.skip();
            }
        }
        return new HttpSyncRequest.SyncMap(FieldProblems.require(mapName, path, "mapName"), since);
    }

    private static HttpSyncRequest.Query query(FrameReader in, String path) throws IOException, ProtocolException {
        int size = in.mapHeader(STRICT, "", path);
        if (size < 0) {
            STRICT.missing("", path);
        }
        String queryId = null;
        String mapName = null;
        Value filter = null;
        Long limit = null;
        Long offset = null;
        String cursor = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "queryId" -> queryId = in.string(STRICT, path, "queryId");
                case "mapName" -> mapName = in.string(STRICT, path, "mapName");
                case "filter" -> filter = in.value();
                case "limit" -> limit = in.optionalUint(STRICT, path, "limit", FrameReader.U32_MAX);
                case "offset" -> offset = in.optionalUint(STRICT, path, "offset", FrameReader.U32_MAX);
                case "cursor" -> cursor = in.string(STRICT, path, "cursor");
                default -> in.skip();
            }
        }
        return new HttpSyncRequest.Query(FieldProblems.require(queryId, path, "queryId"),
                FieldProblems.require(mapName, path, "mapName"), filter, limit, offset, cursor);
    }

    public byte[] encode(HttpSyncResponse response) {
        FrameWriter out = new FrameWriter();
        try {
            boolean deltas = response.deltas() != null && !response.deltas().isEmpty();
            boolean queries = response.queryResults() != null && !response.queryResults().isEmpty();
            boolean errors = response.errors() != null && !response.errors().isEmpty();
            out.mapHeader(1 + FrameWriter.present(response.ack()) + (deltas ? 1 : 0) + (queries ? 1 : 0) + (errors ? 1 : 0));
            out.key("serverHlc");
            CrdtWire.writeTimestamp(out, response.serverHlc());
            if (response.ack() != null) {
                out.key("ack");
                writeAck(out, response.ack());
            }
            if (deltas) {
                out.key("deltas");
                out.arrayHeader(response.deltas().size());
                for (HttpSyncResponse.MapDelta delta : response.deltas()) {
                    writeDelta(out, delta);
                }
            }
            if (queries) {
                out.key("queryResults");
                out.arrayHeader(response.queryResults().size());
                for (HttpSyncResponse.QueryResult result : response.queryResults()) {
                    out.mapHeader(2 + FrameWriter.present(result.hasMore()) + FrameWriter.present(result.nextCursor()));
                    out.field("queryId", result.queryId());
                    out.key("results");
                    out.arrayHeader(result.results().size());
                    for (RecordValue value : result.results()) {
                        out.raw(value);
                    }
                    out.optional("hasMore", result.hasMore());
                    out.optional("nextCursor", result.nextCursor());
                }
            }
            if (errors) {
                out.key("errors");
                out.arrayHeader(response.errors().size());
                for (HttpSyncResponse.SyncError error : response.errors()) {
                    out.mapHeader(2 + FrameWriter.present(error.context()));
                    out.field("code", error.code());
                    out.field("message", error.message());
                    out.optional("context", error.context());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code {lastId, results?}}: the OP_ACK's payload without achievedLevel, as TopGun's HTTP ack. */
    private static void writeAck(FrameWriter out, OpAck ack) throws IOException {
        out.mapHeader(1 + FrameWriter.present(ack.achievedLevel()) + FrameWriter.present(ack.results()));
        out.field("lastId", ack.lastId());
        out.optional("achievedLevel", ack.achievedLevel());
        if (ack.results() != null) {
            out.key("results");
            out.arrayHeader(ack.results().size());
            for (OpResult result : ack.results()) {
                out.mapHeader(2 + FrameWriter.present(result.achievedLevel()) + FrameWriter.present(result.error()));
                out.field("opId", result.opId());
                out.field("success", result.success());
                out.optional("achievedLevel", result.achievedLevel());
                out.optional("error", result.error());
            }
        }
    }

    private static void writeDelta(FrameWriter out, HttpSyncResponse.MapDelta delta) throws IOException {
        out.mapHeader(delta.hasMore() ? 4 : 3);
        out.field("mapName", delta.mapName());
        out.key("records");
        out.arrayHeader(delta.records().size());
        for (HttpSyncResponse.DeltaRecord record : delta.records()) {
            out.mapHeader(3);
            out.field("key", record.key());
            out.key("record");
            CrdtWire.writeLww(out, record.record(), false);
            out.field("eventType", record.eventType());
        }
        out.key("serverSyncTimestamp");
        CrdtWire.writeTimestamp(out, delta.serverSyncTimestamp());
        if (delta.hasMore()) {
            out.field("hasMore", true);
        }
    }
}
