package dev.syncbench.protocol;

import dev.syncbench.crdt.LwwRecord;
import dev.syncbench.crdt.OrRecord;
import dev.syncbench.crdt.PnCounter;
import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire forms of the CRDT values: HLC timestamps {@code {millis, counter, nodeId}}, LWW
 * records {@code {value|nil, timestamp, ttlMs?}}, OR records {@code {value, timestamp, tag,
 * ttlMs?}} and PN-counter states {@code {p:{node:f64}, n:{node:f64}}}. Readers take the path of
 * the value they read (e.g. {@code "record"}) and return null after reporting a problem.
 */
final class CrdtWire {
    private static final byte[] NIL = {(byte) 0xc0};

    private CrdtWire() {
    }

    static Timestamp readTimestamp(FrameReader in, FieldProblems problems, String prefix, String name)
            throws IOException, ProtocolException {
        int size = in.mapHeader(problems, prefix, name);
        if (size < 0) {
            if (!problems.any()) {
                problems.missing(prefix, name);
            }
            return null;
        }
        String path = FieldProblems.path(prefix, name);
        long millis = FrameReader.ABSENT;
        long counter = FrameReader.ABSENT;
        String nodeId = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "millis" -> millis = in.uint(problems, path, "millis", FrameReader.U64_MAX);
                case "counter" -> counter = in.uint(problems, path, "counter", FrameReader.U32_MAX);
                case "nodeId" -> nodeId = in.nodeId(problems, path, "nodeId");
                default -> in.skip();
            }
        }
        if (millis == FrameReader.ABSENT) {
            problems.missing(path, "millis");
        }
        if (counter == FrameReader.ABSENT) {
            problems.missing(path, "counter");
        }
        if (nodeId == null) {
            problems.missing(path, "nodeId");
        }
        return millis == FrameReader.ABSENT || counter == FrameReader.ABSENT || nodeId == null
                ? null
                : new Timestamp(millis, counter, nodeId);
    }

    /**
     * Reads an LWW record from a value known to be a map. A missing {@code value} reads as nil (a
     * tombstone).
     */
    static LwwRecord readLww(FrameReader in, FieldProblems problems, String prefix, String name)
            throws IOException, ProtocolException {
        int size = in.mapHeader(problems, prefix, name);
        if (size < 0) {
            return null;
        }
        String path = FieldProblems.path(prefix, name);
        RecordValue value = null;
        Timestamp timestamp = null;
        boolean timestampSeen = false;
        long ttlMs = FrameReader.ABSENT;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "value" -> value = in.rawOrNull(problems, path, "value");
                case "timestamp" -> {
                    timestampSeen = true;
                    timestamp = readTimestamp(in, problems, path, "timestamp");
                }
                case "ttlMs" -> ttlMs = in.uint(problems, path, "ttlMs", FrameReader.U64_MAX);
                default -> in.skip();
            }
        }
        if (!timestampSeen) {
            problems.missing(path, "timestamp");
        }
        if (timestamp == null || problems.any()) {
            return null;
        }
        return new LwwRecord(value, timestamp, ttlMs == FrameReader.ABSENT ? null : ttlMs);
    }

    /**
     * Reads an OR record; {@code value} and {@code tag} are required, a nil value is kept as the
     * value nil.
     */
    static OrRecord readOr(FrameReader in, FieldProblems problems, String prefix, String name)
            throws IOException, ProtocolException {
        int size = in.mapHeader(problems, prefix, name);
        if (size < 0) {
            return null;
        }
        String path = FieldProblems.path(prefix, name);
        RecordValue value = null;
        Timestamp timestamp = null;
        boolean timestampSeen = false;
        String tag = null;
        long ttlMs = FrameReader.ABSENT;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "value" -> value = in.raw(problems, path, "value");
                case "timestamp" -> {
                    timestampSeen = true;
                    timestamp = readTimestamp(in, problems, path, "timestamp");
                }
                case "tag" -> tag = in.string(problems, path, "tag");
                case "ttlMs" -> ttlMs = in.uint(problems, path, "ttlMs", FrameReader.U64_MAX);
                default -> in.skip();
            }
        }
        if (value == null) {
            problems.missing(path, "value");
        }
        if (!timestampSeen) {
            problems.missing(path, "timestamp");
        }
        if (tag == null) {
            problems.missing(path, "tag");
        }
        if (value == null || timestamp == null || tag == null || problems.any()) {
            return null;
        }
        return new OrRecord(value, timestamp, tag, ttlMs == FrameReader.ABSENT ? null : ttlMs);
    }

    /** A PN-counter state; p and n must be maps of non-negative numbers. Always strict. */
    static PnCounter readPnCounter(FrameReader in, String prefix, String name) throws IOException, ProtocolException {
        FieldProblems problems = FieldProblems.STRICT;
        int size = in.mapHeader(problems, prefix, name);
        if (size < 0) {
            problems.missing(prefix, name);
        }
        String path = FieldProblems.path(prefix, name);
        Map<String, Double> p = null;
        Map<String, Double> n = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "p" -> p = readPnSide(in, path, "p");
                case "n" -> n = readPnSide(in, path, "n");
                default -> in.skip();
            }
        }
        if (p == null) {
            problems.missing(path, "p");
        }
        if (n == null) {
            problems.missing(path, "n");
        }
        return new PnCounter(p, n);
    }

    private static Map<String, Double> readPnSide(FrameReader in, String prefix, String name)
            throws IOException, ProtocolException {
        FieldProblems problems = FieldProblems.STRICT;
        int size = in.mapHeader(problems, prefix, name);
        if (size < 0) {
            problems.wrongType(prefix, name, "map");
        }
        String path = FieldProblems.path(prefix, name);
        Map<String, Double> side = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            String node = in.key();
            Double amount = in.number(problems, path, node);
            if (amount == null || !(amount >= 0) || amount.isInfinite()) {
                problems.wrongType(path, node, "non-negative number");
            }
            side.put(node, amount);
        }
        return side;
    }

    static void writeTimestamp(FrameWriter out, Timestamp timestamp) throws IOException {
        out.mapHeader(3);
        out.field("millis", timestamp.millis());
        out.field("counter", timestamp.counter());
        out.field("nodeId", timestamp.nodeId());
    }

    /**
     * Writes {@code {value|nil, timestamp, ttlMs}}. Sync leaves always write ttlMs (nil when none),
     * as TopGun's server does; ops and events omit it when null.
     */
    static void writeLww(FrameWriter out, LwwRecord record, boolean alwaysWriteTtl) throws IOException {
        boolean writeTtl = alwaysWriteTtl || record.ttlMs() != null;
        out.mapHeader(writeTtl ? 3 : 2);
        out.key("value");
        out.raw(record.value());
        out.key("timestamp");
        writeTimestamp(out, record.timestamp());
        if (writeTtl) {
            out.key("ttlMs");
            writeOptionalInteger(out, record.ttlMs());
        }
    }

    static void writeOr(FrameWriter out, OrRecord record, boolean alwaysWriteTtl) throws IOException {
        boolean writeTtl = alwaysWriteTtl || record.ttlMs() != null;
        out.mapHeader(writeTtl ? 4 : 3);
        out.key("value");
        out.raw(record.value() == null ? RecordValue.ofBytes(NIL) : record.value());
        out.key("timestamp");
        writeTimestamp(out, record.timestamp());
        out.field("tag", record.tag());
        if (writeTtl) {
            out.key("ttlMs");
            writeOptionalInteger(out, record.ttlMs());
        }
    }

    /** PN values always go out as float64, as TopGun does, even when whole. */
    static void writePnCounter(FrameWriter out, PnCounter state) throws IOException {
        out.mapHeader(2);
        out.key("p");
        writePnSide(out, state.p());
        out.key("n");
        writePnSide(out, state.n());
    }

    private static void writePnSide(FrameWriter out, Map<String, Double> side) throws IOException {
        out.mapHeader(side.size());
        for (Map.Entry<String, Double> entry : side.entrySet()) {
            out.key(entry.getKey());
            out.dbl(entry.getValue());
        }
    }

    private static void writeOptionalInteger(FrameWriter out, Long value) throws IOException {
        if (value == null) {
            out.nil();
        } else {
            out.integer(value);
        }
    }
}
