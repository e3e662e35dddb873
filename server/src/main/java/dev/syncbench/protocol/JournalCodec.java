package dev.syncbench.protocol;

import static dev.syncbench.protocol.FieldProblems.require;
import static dev.syncbench.protocol.FrameWriter.present;

import dev.syncbench.crdt.RecordValue;
import dev.syncbench.crdt.Timestamp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The journal's messages (§9.4): all flat except JOURNAL_EVENT, which nests under {@code event}. */
final class JournalCodec {
    private static final FieldProblems STRICT = FieldProblems.STRICT;
    private static final String TOP = "";
    private static final Set<String> TYPES = Set.of("PUT", "UPDATE", "DELETE");

    private JournalCodec() {
    }

    static JournalSubscribe readSubscribe(FrameReader in, int size) throws IOException, ProtocolException {
        String requestId = null;
        String fromSequence = null;
        String mapName = null;
        List<String> types = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "requestId" -> requestId = in.string(STRICT, TOP, "requestId");
                case "fromSequence" -> fromSequence = in.string(STRICT, TOP, "fromSequence");
                case "mapName" -> mapName = in.string(STRICT, TOP, "mapName");
                case "types" -> types = readTypes(in);
                default -> in.skip();
            }
        }
        return new JournalSubscribe(require(requestId, TOP, "requestId"), fromSequence, mapName, types);
    }

    private static List<String> readTypes(FrameReader in) throws IOException, ProtocolException {
        List<String> types = in.stringList(STRICT, TOP, "types");
        if (types != null) {
            for (int i = 0; i < types.size(); i++) {
                if (!TYPES.contains(types.get(i))) {
                    STRICT.report("wrong value for field: " + FieldProblems.element(TOP, "types", i)
                            + " (expected PUT, UPDATE or DELETE)");
                }
            }
        }
        return types;
    }

    static void writeSubscribe(FrameWriter out, JournalSubscribe m) throws IOException {
        out.beginFlat(JournalSubscribe.TYPE, 1 + present(m.fromSequence()) + present(m.mapName()) + present(m.types()));
        out.field("requestId", m.requestId());
        out.optional("fromSequence", m.fromSequence());
        out.optional("mapName", m.mapName());
        if (m.types() != null) {
            out.key("types");
            out.arrayHeader(m.types().size());
            for (String type : m.types()) {
                out.string(type);
            }
        }
    }

    static JournalUnsubscribe readUnsubscribe(FrameReader in, int size) throws IOException, ProtocolException {
        String subscriptionId = null;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("subscriptionId")) {
                subscriptionId = in.string(STRICT, TOP, "subscriptionId");
            } else {
                in.skip();
            }
        }
        return new JournalUnsubscribe(require(subscriptionId, TOP, "subscriptionId"));
    }

    static void writeUnsubscribe(FrameWriter out, JournalUnsubscribe m) throws IOException {
        out.beginFlat(JournalUnsubscribe.TYPE, 1);
        out.field("subscriptionId", m.subscriptionId());
    }

    static JournalRead readRead(FrameReader in, int size) throws IOException, ProtocolException {
        String requestId = null;
        String fromSequence = null;
        Long limit = null;
        String mapName = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "requestId" -> requestId = in.string(STRICT, TOP, "requestId");
                case "fromSequence" -> fromSequence = in.string(STRICT, TOP, "fromSequence");
                case "limit" -> limit = in.optionalUint(STRICT, TOP, "limit", FrameReader.U32_MAX);
                case "mapName" -> mapName = in.string(STRICT, TOP, "mapName");
                default -> in.skip();
            }
        }
        if (limit != null && limit > JournalRead.MAX_LIMIT) {
            STRICT.report("wrong value for field: limit (at most " + JournalRead.MAX_LIMIT + ", got " + limit + ")");
        }
        return new JournalRead(require(requestId, TOP, "requestId"), require(fromSequence, TOP, "fromSequence"),
                limit == null ? null : limit.intValue(), mapName);
    }

    static void writeRead(FrameWriter out, JournalRead m) throws IOException {
        out.beginFlat(JournalRead.TYPE, 2 + present(m.limit()) + present(m.mapName()));
        out.field("requestId", m.requestId());
        out.field("fromSequence", m.fromSequence());
        out.optional("limit", m.limit() == null ? null : (long) m.limit());
        out.optional("mapName", m.mapName());
    }

    static JournalReadResponse readReadResponse(FrameReader in, int size) throws IOException, ProtocolException {
        String requestId = null;
        List<JournalEventData> events = null;
        Boolean hasMore = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "requestId" -> requestId = in.string(STRICT, TOP, "requestId");
                case "events" -> {
                    int count = in.arrayHeader(STRICT, TOP, "events");
                    events = new ArrayList<>(Math.max(count, 0));
                    for (int e = 0; e < count; e++) {
                        events.add(readEventData(in, FieldProblems.element(TOP, "events", e)));
                    }
                }
                case "hasMore" -> hasMore = in.bool(STRICT, TOP, "hasMore");
                default -> in.skip();
            }
        }
        return new JournalReadResponse(require(requestId, TOP, "requestId"), require(events, TOP, "events"),
                require(hasMore, TOP, "hasMore"));
    }

    static void writeReadResponse(FrameWriter out, JournalReadResponse m) throws IOException {
        out.beginFlat(JournalReadResponse.TYPE, 3);
        out.field("requestId", m.requestId());
        out.key("events");
        out.arrayHeader(m.events().size());
        for (JournalEventData event : m.events()) {
            writeEventData(out, event);
        }
        out.field("hasMore", m.hasMore());
    }

    static JournalEvent readEvent(FrameReader in, int size) throws IOException, ProtocolException {
        JournalEventData event = null;
        for (int i = 0; i < size; i++) {
            if (in.key().equals("event")) {
                event = readEventData(in, "event");
            } else {
                in.skip();
            }
        }
        return new JournalEvent(require(event, TOP, "event"));
    }

    static void writeEvent(FrameWriter out, JournalEvent m) throws IOException {
        out.beginFlat(JournalEvent.TYPE, 1);
        out.key("event");
        writeEventData(out, m.event());
    }

    private static JournalEventData readEventData(FrameReader in, String path) throws IOException, ProtocolException {
        int size = in.requiredMapHeader(path);
        String sequence = null;
        String type = null;
        String mapName = null;
        String key = null;
        RecordValue value = null;
        Timestamp timestamp = null;
        String nodeId = null;
        for (int i = 0; i < size; i++) {
            switch (in.key()) {
                case "sequence" -> sequence = in.string(STRICT, path, "sequence");
                case "type" -> type = in.string(STRICT, path, "type");
                case "mapName" -> mapName = in.string(STRICT, path, "mapName");
                case "key" -> key = in.string(STRICT, path, "key");
                case "value" -> value = in.rawOrNull(STRICT, path, "value");
                case "timestamp" -> timestamp = CrdtWire.readTimestamp(in, STRICT, path, "timestamp");
                case "nodeId" -> nodeId = in.string(STRICT, path, "nodeId");
                default -> in.skip();
            }
        }
        return new JournalEventData(require(sequence, path, "sequence"), require(type, path, "type"),
                require(mapName, path, "mapName"), require(key, path, "key"), value,
                require(timestamp, path, "timestamp"), require(nodeId, path, "nodeId"));
    }

    private static void writeEventData(FrameWriter out, JournalEventData e) throws IOException {
        out.mapHeader(6 + present(e.value()));
        out.field("sequence", e.sequence());
        out.field("type", e.type());
        out.field("mapName", e.mapName());
        out.field("key", e.key());
        if (e.value() != null) {
            out.key("value");
            out.raw(e.value());
        }
        out.key("timestamp");
        CrdtWire.writeTimestamp(out, e.timestamp());
        out.field("nodeId", e.nodeId());
    }
}
