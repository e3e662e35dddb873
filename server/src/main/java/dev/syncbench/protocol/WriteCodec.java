package dev.syncbench.protocol;

import static dev.syncbench.protocol.FrameWriter.present;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The write path: CLIENT_OP, OP_BATCH, OP_ACK and OP_REJECTED. OP_BATCH decoding and OP_ACK
 * encoding are the server's hot path, so both stream straight between the frame and records.
 */
final class WriteCodec {
    private static final FieldProblems STRICT = FieldProblems.STRICT;
    private static final String PAYLOAD = "payload";
    static final String NOT_A_MAP = "op must be a map";

    private WriteCodec() {
    }

    static ClientOpMessage readClientOpMessage(FrameReader in, int size) throws IOException, ProtocolException {
        return new ClientOpMessage(readClientOp(in, size));
    }

    static void writeClientOpMessage(FrameWriter out, ClientOpMessage m) throws IOException {
        out.mapHeader(2);
        out.field("type", ClientOpMessage.TYPE);
        out.key(PAYLOAD);
        writeClientOp(out, m.op());
    }

    static OpBatch readOpBatch(FrameReader in, int size) throws IOException, ProtocolException {
        List<ClientOp> ops = null;
        String writeConcern = null;
        Long timeout = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "ops" -> ops = readOps(in);
                case "writeConcern" -> writeConcern = in.string(STRICT, PAYLOAD, "writeConcern");
                case "timeout" -> timeout = in.optionalUint(STRICT, PAYLOAD, "timeout", FrameReader.U64_MAX);
                default -> in.skip();
            }
        }
        if (ops == null) {
            STRICT.missing(PAYLOAD, "ops");
        }
        return new OpBatch(ops, writeConcern, timeout);
    }

    private static List<ClientOp> readOps(FrameReader in) throws IOException, ProtocolException {
        int count = in.arrayHeader(STRICT, PAYLOAD, "ops");
        if (count < 0) {
            return null;
        }
        List<ClientOp> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.nextIsMap()) {
                ops.add(readClientOp(in, in.mapHeader()));
            } else {
                in.skip();
                ops.add(new ClientOp(null, null, null, OpKind.PUT, null, null, null, null, null, NOT_A_MAP,
                        null, false, false, false));
            }
        }
        return ops;
    }

    static void writeOpBatch(FrameWriter out, OpBatch m) throws IOException {
        out.beginPayload(OpBatch.TYPE, 1 + present(m.writeConcern()) + present(m.timeout()));
        out.key("ops");
        out.arrayHeader(m.ops().size());
        for (ClientOp op : m.ops()) {
            writeClientOp(out, op);
        }
        out.optional("writeConcern", m.writeConcern());
        out.optional("timeout", m.timeout());
    }

    /**
     * Reads one op leniently: a missing or wrongly typed field becomes the op's {@code problem}
     * instead of failing the frame. Paths in problems are relative to the op ("record.timestamp").
     */
    static ClientOp readClientOp(FrameReader in, int size) throws IOException, ProtocolException {
        FieldProblems problems = FieldProblems.lenient();
        String id = null;
        String mapName = null;
        String key = null;
        String opType = null;
        LwwRecord record = null;
        OrRecord orRecord = null;
        String orTag = null;
        String writeConcern = null;
        Long timeout = null;
        boolean recordNil = false;
        boolean orRecordPresent = false;
        boolean orRecordNil = false;
        boolean orTagNil = false;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "id" -> id = in.string(problems, "", "id");
                case "mapName" -> mapName = in.string(problems, "", "mapName");
                case "key" -> key = in.string(problems, "", "key");
                case "opType" -> opType = in.string(problems, "", "opType");
                case "record" -> {
                    if (in.nextIsNil()) {
                        in.nil();
                        recordNil = true;
                    } else {
                        record = CrdtWire.readLww(in, problems, "", "record");
                    }
                }
                case "orRecord" -> {
                    orRecordPresent = true;
                    if (in.nextIsNil()) {
                        in.nil();
                        orRecordNil = true;
                    } else {
                        orRecord = CrdtWire.readOr(in, problems, "", "orRecord");
                    }
                }
                case "orTag" -> {
                    if (in.nextIsNil()) {
                        in.nil();
                        orTagNil = true;
                    } else {
                        orTag = in.string(problems, "", "orTag");
                    }
                }
                case "writeConcern" -> writeConcern = in.string(problems, "", "writeConcern");
                case "timeout" -> timeout = in.optionalUint(problems, "", "timeout", FrameReader.U64_MAX);
                default -> in.skip();
            }
        }
        if (mapName == null) {
            problems.missing("", "mapName");
        }
        if (key == null) {
            problems.missing("", "key");
        }
        OpKind kind = ClientOp.classify(opType, recordNil, orRecord, orRecordPresent, orTag);
        if (kind == OpKind.PUT && record == null) {
            problems.missing("", "record");
        }
        return new ClientOp(id, mapName, key, kind, record, orRecord, orTag, writeConcern, timeout,
                problems.first(), opType, recordNil, orRecordNil, orTagNil);
    }

    static void writeClientOp(FrameWriter out, ClientOp op) throws IOException {
        boolean writeRecord = op.record() != null || op.recordNil();
        boolean writeOrRecord = op.orRecord() != null || op.orRecordNil();
        boolean writeOrTag = op.orTag() != null || op.orTagNil();
        out.mapHeader(present(op.id()) + present(op.mapName()) + present(op.key()) + present(op.opType())
                + (writeRecord ? 1 : 0) + (writeOrRecord ? 1 : 0) + (writeOrTag ? 1 : 0)
                + present(op.writeConcern()) + present(op.timeout()));
        out.optional("id", op.id());
        out.optional("mapName", op.mapName());
        out.optional("key", op.key());
        out.optional("opType", op.opType());
        if (writeRecord) {
            out.key("record");
            if (op.record() == null) {
                out.nil();
            } else {
                CrdtWire.writeLww(out, op.record(), false);
            }
        }
        if (writeOrRecord) {
            out.key("orRecord");
            if (op.orRecord() == null) {
                out.nil();
            } else {
                CrdtWire.writeOr(out, op.orRecord(), false);
            }
        }
        if (writeOrTag) {
            out.field("orTag", op.orTag());
        }
        out.optional("writeConcern", op.writeConcern());
        out.optional("timeout", op.timeout());
    }

    static OpAck readOpAck(FrameReader in, int size) throws IOException, ProtocolException {
        String lastId = null;
        String achievedLevel = null;
        List<OpResult> results = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "lastId" -> lastId = in.string(STRICT, PAYLOAD, "lastId");
                case "achievedLevel" -> achievedLevel = in.string(STRICT, PAYLOAD, "achievedLevel");
                case "results" -> results = readResults(in);
                default -> in.skip();
            }
        }
        if (lastId == null) {
            STRICT.missing(PAYLOAD, "lastId");
        }
        return new OpAck(lastId, achievedLevel, results);
    }

    private static List<OpResult> readResults(FrameReader in) throws IOException, ProtocolException {
        int count = in.arrayHeader(STRICT, PAYLOAD, "results");
        if (count < 0) {
            return null;
        }
        List<OpResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String path = FieldProblems.element(PAYLOAD, "results", i);
            int size = in.mapHeader(STRICT, path, "");
            if (size < 0) {
                STRICT.missing(path, "");
            }
            String opId = null;
            Boolean success = null;
            String achievedLevel = null;
            String error = null;
            for (int j = 0; j < size; j++) {
                switch (in.key()) {
                    case "opId" -> opId = in.string(STRICT, path, "opId");
                    case "success" -> success = in.bool(STRICT, path, "success");
                    case "achievedLevel" -> achievedLevel = in.string(STRICT, path, "achievedLevel");
                    case "error" -> error = in.string(STRICT, path, "error");
                    default -> in.skip();
                }
            }
            if (opId == null) {
                STRICT.missing(path, "opId");
            }
            if (success == null) {
                STRICT.missing(path, "success");
            }
            results.add(new OpResult(opId, success, achievedLevel, error));
        }
        return results;
    }

    static void writeOpAck(FrameWriter out, OpAck m) throws IOException {
        out.beginPayload(OpAck.TYPE, 1 + present(m.achievedLevel()) + present(m.results()));
        out.field("lastId", m.lastId());
        out.optional("achievedLevel", m.achievedLevel());
        if (m.results() != null) {
            out.key("results");
            out.arrayHeader(m.results().size());
            for (OpResult result : m.results()) {
                out.mapHeader(2 + present(result.achievedLevel()) + present(result.error()));
                out.field("opId", result.opId());
                out.field("success", result.success());
                out.optional("achievedLevel", result.achievedLevel());
                out.optional("error", result.error());
            }
        }
    }

    static OpRejected readOpRejected(FrameReader in, int size) throws IOException, ProtocolException {
        String opId = null;
        String reason = null;
        long code = FrameReader.ABSENT;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "opId" -> opId = in.string(STRICT, PAYLOAD, "opId");
                case "reason" -> reason = in.string(STRICT, PAYLOAD, "reason");
                case "code" -> code = in.uint(STRICT, PAYLOAD, "code", FrameReader.INT_MAX);
                default -> in.skip();
            }
        }
        if (reason == null) {
            STRICT.missing(PAYLOAD, "reason");
        }
        if (code == FrameReader.ABSENT) {
            STRICT.missing(PAYLOAD, "code");
        }
        return new OpRejected(opId, reason, (int) code);
    }

    static void writeOpRejected(FrameWriter out, OpRejected m) throws IOException {
        out.beginPayload(OpRejected.TYPE, 3);
        out.field("opId", m.opId());
        out.field("reason", m.reason());
        out.field("code", m.code());
    }
}
