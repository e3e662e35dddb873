package dev.syncbench.query;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.syncbench.protocol.Message;
import dev.syncbench.protocol.MessageCodec;
import dev.syncbench.protocol.ProtocolException;
import dev.syncbench.protocol.QuerySub;
import dev.syncbench.support.FuzzBounds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * Fuzzes what a client's query reaches: {@link Query#parse} with its predicate tree, sort, limit
 * and cursor (and groupBy), then a {@link LiveView} that takes a snapshot of a few varied records and applies
 * writes; and {@link CursorCodec#decode}, also with cursors that carry our own valid signature, as
 * a cursor this server handed out does, around arbitrary contents. The property: a query is
 * answered or refused with {@link InvalidQueryException} (ERROR 400), a cursor is at worst
 * "invalid"; nothing else is thrown, and every evaluation ends (Jazzer's timeout catches a hang).
 */
class QueryFuzzTest {
    private static final byte[] KEY = "query-fuzz-cursor-key".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_750_000_000_000L;
    private static final CursorCodec CURSORS = new CursorCodec(KEY, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    private static final MessageCodec CODEC = new MessageCodec();
    /** Records of every shape a predicate or sort meets: nested maps, lists, each scalar type, missing fields. */
    private static final List<Value> RECORDS = List.of(
            map("name", ValueFactory.newString("alice"), "age", ValueFactory.newInteger(30),
                    "tags", ValueFactory.newArray(ValueFactory.newString("a"), ValueFactory.newString("b"))),
            map("name", ValueFactory.newString("Bob"), "age", ValueFactory.newFloat(29.5),
                    "address", map("city", ValueFactory.newString("Paris"), "zip", ValueFactory.newInteger(75001))),
            map("name", ValueFactory.newNil(), "age", ValueFactory.newString("old"), "active", ValueFactory.newBoolean(true)),
            map("age", ValueFactory.newInteger(Long.MIN_VALUE), "score", ValueFactory.newFloat(Double.NaN),
                    "bin", ValueFactory.newBinary(new byte[] {1, 2, 3})),
            map("name", ValueFactory.newString("x".repeat(70_000)), "age", ValueFactory.newInteger(-1)),
            ValueFactory.newString("not a map"),
            ValueFactory.newArray(ValueFactory.newInteger(1), ValueFactory.newInteger(2)));

    /** The {@code query} map of a QUERY_SUB, as a client sends it; the frame around it is fixed. */
    @FuzzTest(maxDuration = "30s")
    void querySub(byte[] query) {
        if (query.length > FuzzBounds.MAX_INPUT_BYTES) {
            return;
        }
        Message message;
        try {
            message = CODEC.decode(querySubFrame(query), true);
        } catch (ProtocolException e) {
            return;
        }
        if (!(message instanceof QuerySub sub)) {
            return;
        }
        Query parsed;
        try {
            parsed = Query.parse(sub.query(), sub.fields(), CURSORS);
        } catch (InvalidQueryException e) {
            assertNotNull(e.getMessage(), "a refused query says why");
            return;
        }
        FuzzBounds.checkAllocation(query.length, "parsing a query", () -> Query.parse(sub.query(), sub.fields(), CURSORS));
        run(parsed);
    }

    /** Any string where a cursor goes: never an exception, at worst "invalid". */
    @FuzzTest(maxDuration = "30s")
    void cursor(byte[] cursor) {
        CursorCodec.Decoded decoded = CURSORS.decode(new String(cursor, StandardCharsets.UTF_8), new byte[32]);
        assertNotNull(decoded.status());
    }

    /**
     * A cursor with our valid signature whose payload is fuzzed (after the version and issue time,
     * so it is read to the end): its sort values and key position a sorted live query.
     */
    @FuzzTest(maxDuration = "30s")
    void signedCursor(FuzzedDataProvider data) throws InvalidQueryException {
        boolean descending = data.consumeBoolean();
        Query query = Query.parse(map("sort", ValueFactory.newArray(map(
                        "field", ValueFactory.newString("age"),
                        "direction", ValueFactory.newString(descending ? "desc" : "asc"))),
                "limit", ValueFactory.newInteger(2)), (List<String>) null, CURSORS);
        byte[] rest = data.consumeRemainingAsBytes();
        String cursor = signed(concat(cursorPrefix(query.fingerprint()), rest));
        CursorCodec.Decoded decoded = CURSORS.decode(cursor, query.fingerprint());
        assertNotNull(decoded.status());
        Query withCursor = Query.parse(map("sort", ValueFactory.newArray(map(
                        "field", ValueFactory.newString("age"),
                        "direction", ValueFactory.newString(descending ? "desc" : "asc"))),
                "limit", ValueFactory.newInteger(2), "cursor", ValueFactory.newString(cursor)), (List<String>) null, CURSORS);
        run(withCursor);
    }

    /** A snapshot over the records, then each record written again and removed: what a live query does. */
    private static void run(Query query) {
        // grouped or plain, as the server would keep it
        LiveView live = LiveView.of(query);
        live.beginSnapshot();
        for (int i = 0; i < RECORDS.size(); i++) {
            live.offer(new LiveRecord("k" + i, RECORDS.get(i), i == 1 ? NOW - 1 : LiveRecord.NEVER));
        }
        Snapshot snapshot = live.finishSnapshot();
        assertNotNull(snapshot.cursorStatus());
        assertTrue(snapshot.rows().size() <= RECORDS.size());
        for (int i = 0; i < RECORDS.size(); i++) {
            live.apply("k" + i, RECORDS.get(RECORDS.size() - 1 - i), LiveRecord.NEVER);
            query.matches(RECORDS.get(i));
            query.project(RECORDS.get(i));
        }
        live.expire(NOW);
        for (int i = 0; i < RECORDS.size(); i++) {
            live.apply("k" + i, null, LiveRecord.NEVER);
        }
        live.currentSnapshot();
    }

    /** {type: QUERY_SUB, payload: {queryId: "q", mapName: "m", query: <query>}}. */
    static byte[] querySubFrame(byte[] query) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(query.length + 64);
        out.write(0x82);
        string(out, "type");
        string(out, "QUERY_SUB");
        string(out, "payload");
        out.write(0x83);
        string(out, "queryId");
        string(out, "q");
        string(out, "mapName");
        string(out, "m");
        string(out, "query");
        out.writeBytes(query);
        return out.toByteArray();
    }

    /** The start of a cursor payload {@code [1, issuedAt, fingerprint, …]}: a 5-element array, as CursorCodec writes. */
    private static byte[] cursorPrefix(byte[] fingerprint) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packArrayHeader(5);
            packer.packInt(1);
            packer.packLong(NOW);
            packer.packBinaryHeader(fingerprint.length);
            packer.writePayload(fingerprint);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String signed(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            return base64.encodeToString(payload) + "." + base64.encodeToString(mac.doFinal(payload));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static Value map(Object... keysAndValues) {
        Value[] kvs = new Value[keysAndValues.length];
        for (int i = 0; i < keysAndValues.length; i += 2) {
            kvs[i] = ValueFactory.newString((String) keysAndValues[i]);
            kvs[i + 1] = (Value) keysAndValues[i + 1];
        }
        return ValueFactory.newMap(kvs);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(0xa0 | bytes.length);
        out.writeBytes(bytes);
    }
}
