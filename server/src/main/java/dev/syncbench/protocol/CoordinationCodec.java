package dev.syncbench.protocol;

import static dev.syncbench.protocol.FieldProblems.require;
import static dev.syncbench.protocol.FrameWriter.present;

import dev.syncbench.crdt.PnCounter;
import dev.syncbench.crdt.RecordValue;
import java.io.IOException;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Topics, locks, counters, and the small rest: PARTITION_MAP_REQUEST, SQL_QUERY(_RESP), BATCH. */
final class CoordinationCodec {
    private static final FieldProblems STRICT = FieldProblems.STRICT;
    private static final String PAYLOAD = "payload";

    private CoordinationCodec() {
    }

    static TopicSub readTopicSub(FrameReader in, int size) throws IOException, ProtocolException {
        return readTopic(in, size, TopicSub::new);
    }

    static TopicUnsub readTopicUnsub(FrameReader in, int size) throws IOException, ProtocolException {
        return readTopic(in, size, TopicUnsub::new);
    }

    static CounterSync readCounterSync(FrameReader in, int size) throws IOException, ProtocolException {
        return readCounterState(in, size, CounterSync::new);
    }

    static CounterResponse readCounterResponse(FrameReader in, int size) throws IOException, ProtocolException {
        return readCounterState(in, size, CounterResponse::new);
    }

    static CounterUpdate readCounterUpdate(FrameReader in, int size) throws IOException, ProtocolException {
        return readCounterState(in, size, CounterUpdate::new);
    }

    /** TOPIC_SUB and TOPIC_UNSUB: {topic}. */
    private static <T> T readTopic(FrameReader in, int size, Function<String, T> maker)
            throws IOException, ProtocolException {
        String topic = null;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("topic")) {
                topic = in.string(STRICT, PAYLOAD, "topic");
            } else {
                in.skip();
            }
        }
        return maker.apply(require(topic, PAYLOAD, "topic"));
    }

    static void writeTopic(FrameWriter out, String type, String topic) throws IOException {
        out.beginPayload(type, 1);
        out.field("topic", topic);
    }

    static TopicPub readTopicPub(FrameReader in, int size) throws IOException, ProtocolException {
        String topic = null;
        RecordValue data = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "topic" -> topic = in.string(STRICT, PAYLOAD, "topic");
                case "data" -> data = in.raw(STRICT, PAYLOAD, "data");
                default -> in.skip();
            }
        }
        return new TopicPub(require(topic, PAYLOAD, "topic"), require(data, PAYLOAD, "data"));
    }

    static void writeTopicPub(FrameWriter out, TopicPub m) throws IOException {
        out.beginPayload(TopicPub.TYPE, 2);
        out.field("topic", m.topic());
        out.key("data");
        out.raw(m.data());
    }

    static TopicMessage readTopicMessage(FrameReader in, int size) throws IOException, ProtocolException {
        String topic = null;
        RecordValue data = null;
        String publisherId = null;
        long timestamp = FrameReader.ABSENT;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "topic" -> topic = in.string(STRICT, PAYLOAD, "topic");
                case "data" -> data = in.raw(STRICT, PAYLOAD, "data");
                case "publisherId" -> publisherId = in.string(STRICT, PAYLOAD, "publisherId");
                case "timestamp" -> timestamp = in.uint(STRICT, PAYLOAD, "timestamp", FrameReader.U64_MAX);
                default -> in.skip();
            }
        }
        return new TopicMessage(require(topic, PAYLOAD, "topic"), require(data, PAYLOAD, "data"), publisherId,
                require(timestamp, PAYLOAD, "timestamp"));
    }

    static void writeTopicMessage(FrameWriter out, TopicMessage m) throws IOException {
        out.beginPayload(TopicMessage.TYPE, 3 + present(m.publisherId()));
        out.field("topic", m.topic());
        out.key("data");
        out.raw(m.data());
        out.optional("publisherId", m.publisherId());
        out.field("timestamp", m.timestamp());
    }

    static LockRequest readLockRequest(FrameReader in, int size) throws IOException, ProtocolException {
        String requestId = null;
        String name = null;
        Long ttl = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "requestId" -> requestId = in.string(STRICT, PAYLOAD, "requestId");
                case "name" -> name = in.string(STRICT, PAYLOAD, "name");
                case "ttl" -> ttl = in.optionalUint(STRICT, PAYLOAD, "ttl", FrameReader.U64_MAX);
                default -> in.skip();
            }
        }
        return new LockRequest(require(requestId, PAYLOAD, "requestId"), require(name, PAYLOAD, "name"), ttl);
    }

    static void writeLockRequest(FrameWriter out, LockRequest m) throws IOException {
        out.beginPayload(LockRequest.TYPE, 2 + present(m.ttl()));
        out.field("requestId", m.requestId());
        out.field("name", m.name());
        out.optional("ttl", m.ttl());
    }

    static LockRelease readLockRelease(FrameReader in, int size) throws IOException, ProtocolException {
        String requestId = null;
        String name = null;
        long fencingToken = FrameReader.ABSENT;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "requestId" -> requestId = in.string(STRICT, PAYLOAD, "requestId");
                case "name" -> name = in.string(STRICT, PAYLOAD, "name");
                case "fencingToken" -> fencingToken = in.uint(STRICT, PAYLOAD, "fencingToken", FrameReader.U64_MAX);
                default -> in.skip();
            }
        }
        return new LockRelease(requestId, require(name, PAYLOAD, "name"),
                require(fencingToken, PAYLOAD, "fencingToken"));
    }

    static void writeLockRelease(FrameWriter out, LockRelease m) throws IOException {
        out.beginPayload(LockRelease.TYPE, 2 + present(m.requestId()));
        out.optional("requestId", m.requestId());
        out.field("name", m.name());
        out.field("fencingToken", m.fencingToken());
    }

    static LockGranted readLockGranted(FrameReader in, int size) throws IOException, ProtocolException {
        String requestId = null;
        String name = null;
        long fencingToken = FrameReader.ABSENT;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "requestId" -> requestId = in.string(STRICT, PAYLOAD, "requestId");
                case "name" -> name = in.string(STRICT, PAYLOAD, "name");
                case "fencingToken" -> fencingToken = in.uint(STRICT, PAYLOAD, "fencingToken", FrameReader.U64_MAX);
                default -> in.skip();
            }
        }
        return new LockGranted(require(requestId, PAYLOAD, "requestId"), require(name, PAYLOAD, "name"),
                require(fencingToken, PAYLOAD, "fencingToken"));
    }

    static void writeLockGranted(FrameWriter out, LockGranted m) throws IOException {
        out.beginPayload(LockGranted.TYPE, 3);
        out.field("requestId", m.requestId());
        out.field("name", m.name());
        out.field("fencingToken", m.fencingToken());
    }

    static LockReleased readLockReleased(FrameReader in, int size) throws IOException, ProtocolException {
        String requestId = null;
        String name = null;
        Boolean success = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "requestId" -> requestId = in.string(STRICT, PAYLOAD, "requestId");
                case "name" -> name = in.string(STRICT, PAYLOAD, "name");
                case "success" -> success = in.bool(STRICT, PAYLOAD, "success");
                default -> in.skip();
            }
        }
        return new LockReleased(require(requestId, PAYLOAD, "requestId"), require(name, PAYLOAD, "name"),
                require(success, PAYLOAD, "success"));
    }

    static void writeLockReleased(FrameWriter out, LockReleased m) throws IOException {
        out.beginPayload(LockReleased.TYPE, 3);
        out.field("requestId", m.requestId());
        out.field("name", m.name());
        out.field("success", m.success());
    }

    static CounterRequest readCounterRequest(FrameReader in, int size) throws IOException, ProtocolException {
        String name = null;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("name")) {
                name = in.string(STRICT, PAYLOAD, "name");
            } else {
                in.skip();
            }
        }
        return new CounterRequest(require(name, PAYLOAD, "name"));
    }

    static void writeCounterRequest(FrameWriter out, CounterRequest m) throws IOException {
        out.beginPayload(CounterRequest.TYPE, 1);
        out.field("name", m.name());
    }

    /** COUNTER_SYNC, COUNTER_RESPONSE and COUNTER_UPDATE: {name, state}. */
    private static <T> T readCounterState(FrameReader in, int size, BiFunction<String, PnCounter, T> maker)
            throws IOException, ProtocolException {
        String name = null;
        PnCounter state = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "name" -> name = in.string(STRICT, PAYLOAD, "name");
                case "state" -> state = CrdtWire.readPnCounter(in, PAYLOAD, "state");
                default -> in.skip();
            }
        }
        return maker.apply(require(name, PAYLOAD, "name"), require(state, PAYLOAD, "state"));
    }

    static void writeCounterState(FrameWriter out, String type, String name, PnCounter state) throws IOException {
        out.beginPayload(type, 2);
        out.field("name", name);
        out.key("state");
        CrdtWire.writePnCounter(out, state);
    }

    static PartitionMapRequest readPartitionMapRequest(FrameReader in, int size) throws IOException, ProtocolException {
        PartitionMapRequest request = Envelope.optionalPayload(in, size, (payload, fields) -> {
            Long currentVersion = null;
            for (int i = 0; i < fields; i++) {
                if (payload.key().equals("currentVersion")) {
                    currentVersion = payload.optionalUint(STRICT, PAYLOAD, "currentVersion", FrameReader.U32_MAX);
                } else {
                    payload.skip();
                }
            }
            return new PartitionMapRequest(currentVersion);
        });
        return request == null ? new PartitionMapRequest(null) : request;
    }

    static void writePartitionMapRequest(FrameWriter out, PartitionMapRequest m) throws IOException {
        if (m.currentVersion() == null) {
            out.beginFlat(PartitionMapRequest.TYPE, 0);
            return;
        }
        out.beginPayload(PartitionMapRequest.TYPE, 1);
        out.field("currentVersion", m.currentVersion());
    }

    static void writePartitionMap(FrameWriter out, PartitionMap m) throws IOException {
        out.beginPayload(PartitionMap.TYPE, 5);
        out.field("version", m.version());
        out.field("partitionCount", m.partitionCount());
        out.key("nodes");
        out.arrayHeader(m.nodes().size());
        for (PartitionMap.Node node : m.nodes()) {
            out.mapHeader(3);
            out.field("nodeId", node.nodeId());
            out.key("endpoints");
            out.mapHeader(1);
            out.field("websocket", node.websocket());
            out.field("status", node.status());
        }
        out.key("partitions");
        out.arrayHeader(m.partitions().size());
        for (PartitionMap.Partition partition : m.partitions()) {
            out.mapHeader(3);
            out.field("partitionId", partition.partitionId());
            out.field("ownerNodeId", partition.ownerNodeId());
            out.key("backupNodeIds");
            out.arrayHeader(partition.backupNodeIds().size());
            for (String backup : partition.backupNodeIds()) {
                out.string(backup);
            }
        }
        out.field("generatedAt", m.generatedAt());
    }

    static SqlQuery readSqlQuery(FrameReader in, int size) throws IOException, ProtocolException {
        String queryId = null;
        String sql = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "queryId" -> queryId = in.string(STRICT, PAYLOAD, "queryId");
                case "sql" -> sql = in.string(STRICT, PAYLOAD, "sql");
                default -> in.skip();
            }
        }
        return new SqlQuery(require(queryId, PAYLOAD, "queryId"), require(sql, PAYLOAD, "sql"));
    }

    static void writeSqlQuery(FrameWriter out, SqlQuery m) throws IOException {
        out.beginPayload(SqlQuery.TYPE, 2);
        out.field("queryId", m.queryId());
        out.field("sql", m.sql());
    }

    static SqlQueryResp readSqlQueryResp(FrameReader in, int size) throws IOException, ProtocolException {
        String queryId = null;
        String error = null;
        String code = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "queryId" -> queryId = in.string(STRICT, PAYLOAD, "queryId");
                case "error" -> error = in.string(STRICT, PAYLOAD, "error");
                case "code" -> code = in.string(STRICT, PAYLOAD, "code");
                default -> in.skip();
            }
        }
        return new SqlQueryResp(require(queryId, PAYLOAD, "queryId"), error, code);
    }

    static void writeSqlQueryResp(FrameWriter out, SqlQueryResp m) throws IOException {
        out.beginPayload(SqlQueryResp.TYPE, 3 + present(m.error()) + present(m.code()));
        out.field("queryId", m.queryId());
        // always present, as TopGun sends them: its client reads both arrays before looking at error
        out.key("columns");
        out.arrayHeader(0);
        out.key("rows");
        out.arrayHeader(0);
        out.optional("error", m.error());
        out.optional("code", m.code());
    }

    static Batch readBatch(FrameReader in, int size) throws IOException, ProtocolException {
        long count = FrameReader.ABSENT;
        byte[] data = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "count" -> count = in.uint(STRICT, "", "count", FrameReader.U32_MAX);
                case "data" -> data = in.binary(STRICT, "", "data");
                default -> in.skip();
            }
        }
        return new Batch(require(count, "", "count"), require(data, "", "data"));
    }

    static void writeBatch(FrameWriter out, Batch m) throws IOException {
        out.beginFlat(Batch.TYPE, 2);
        out.field("count", m.count());
        out.key("data");
        out.binary(m.data());
    }
}
