package dev.syncbench.simulations.target;

import dev.syncbench.simulations.load.ConfirmedSample;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.ProtocolSocket;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * "Nothing lost" for a target whose store this JVM cannot read (a server started as its own
 * process): reads the written map back over the protocol with Merkle sync (PROTOCOL §7):
 * SYNC_INIT, then MERKLE_REQ_BUCKET down the tree to every non-empty leaf, whose SYNC_RESP_LEAF
 * lists the records. It counts the live records stamped since the run started (a reused server
 * keeps older runs' records; this run's writes overwrite the same keys with newer stamps) and
 * looks up each sampled confirmed op's value. Leaves are counted as they arrive and not kept, so a
 * map of tens of millions of records is read back in bounded memory. A target that leaves a request unanswered (TopGun's
 * server sends nothing for a path it lacks) or refuses one yields "not checked", with the reason.
 */
public final class MerkleReadBack {
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    /** A server may build a map's tree on the first sync: tens of seconds for tens of millions of records. */
    static final Duration ROOT_TIMEOUT = Duration.ofMinutes(5);
    /** A leaf of a map of tens of millions of records lists thousands of them: a longer wait for each. */
    static final Duration LEAF_TIMEOUT = Duration.ofSeconds(60);
    private static final int DEPTH = 3;
    private static final int BUCKETS_IN_FLIGHT = 256;
    /** Few leaves in flight, so their replies stay small beside the server's per-connection queue. */
    private static final int LEAVES_IN_FLIGHT = 16;
    private static final Value PAYLOAD = ValueFactory.newString("payload");

    private MerkleReadBack() {
    }

    /** What the target's {@code mapName} holds, read back; {@link StoreCheck#notChecked} when it cannot be. */
    public static StoreCheck read(URI url, String token, String mapName, List<ConfirmedSample.Op> sample, long sinceMillis) {
        Map<String, Long> expected = new HashMap<>();
        for (ConfirmedSample.Op op : sample) {
            expected.put(op.key(), op.v());
        }
        Map<String, Long> found = new HashMap<>();
        long live;
        try (ProtocolSocket socket = ProtocolSocket.open(url, token, REPLY_TIMEOUT)) {
            live = walk(socket, mapName, expected, found, sinceMillis);
        } catch (IOException | RuntimeException e) {
            return StoreCheck.notChecked("the target did not answer a read-back over Merkle sync: " + e.getMessage());
        }
        return StoreCheck.compare(live, sample, found,
                "read back over the protocol (Merkle sync), live records stamped since the run started");
    }

    /**
     * What separate servers hold together (each only what its own clients wrote): each read back,
     * their live records summed and every sampled op looked for on all of them.
     */
    public static StoreCheck readEach(List<URI> urls, String token, String mapName, List<ConfirmedSample.Op> sample,
                                      long sinceMillis) {
        Map<String, Long> expected = new HashMap<>();
        for (ConfirmedSample.Op op : sample) {
            expected.put(op.key(), op.v());
        }
        Map<String, Long> found = new HashMap<>();
        long live = 0;
        for (URI url : urls) {
            try (ProtocolSocket socket = ProtocolSocket.open(url, token, REPLY_TIMEOUT)) {
                live += walk(socket, mapName, expected, found, sinceMillis);
            } catch (IOException | RuntimeException e) {
                return StoreCheck.notChecked(url + " did not answer a read-back over Merkle sync: " + e.getMessage());
            }
        }
        return StoreCheck.compare(live, sample, found, "read back over the protocol (Merkle sync) from each of "
                + urls.size() + " servers, live records stamped since the run started");
    }

    private static long walk(ProtocolSocket socket, String mapName, Map<String, Long> expected, Map<String, Long> found,
                             long sinceMillis) throws IOException {
        socket.send(Frames.syncInit(mapName));
        Map<Value, Value> root = payloadOf(socket.next(ROOT_TIMEOUT), "SYNC_RESP_ROOT");
        if (root.get(ValueFactory.newString("rootHash")).asNumberValue().toLong() == 0) {
            return 0; // an empty tree
        }
        List<String> paths = List.of("");
        for (int depth = 0; depth < DEPTH; depth++) {
            List<String> children = new ArrayList<>();
            request(socket, mapName, paths, "SYNC_RESP_BUCKETS", BUCKETS_IN_FLIGHT, REPLY_TIMEOUT, node -> {
                String path = node.get(ValueFactory.newString("path")).asStringValue().asString();
                for (Map.Entry<Value, Value> bucket : node.get(ValueFactory.newString("buckets")).asMapValue().entrySet()) {
                    if (bucket.getValue().asNumberValue().toLong() != 0) {
                        children.add(path + bucket.getKey().asStringValue().asString());
                    }
                }
            });
            paths = children;
        }
        long[] live = {0};
        request(socket, mapName, paths, "SYNC_RESP_LEAF", LEAVES_IN_FLIGHT, LEAF_TIMEOUT, leaf -> {
            for (Value entry : leaf.get(ValueFactory.newString("records")).asArrayValue()) {
                Map<Value, Value> fields = entry.asMapValue().map();
                String key = fields.get(ValueFactory.newString("key")).asStringValue().asString();
                Map<Value, Value> record = fields.get(ValueFactory.newString("record")).asMapValue().map();
                Value value = record.get(ValueFactory.newString("value"));
                if (value == null || value.isNilValue()) {
                    continue; // a tombstone
                }
                long millis = record.get(ValueFactory.newString("timestamp")).asMapValue().map()
                        .get(ValueFactory.newString("millis")).asNumberValue().toLong();
                if (millis >= sinceMillis) {
                    live[0]++;
                }
                if (expected.containsKey(key)) {
                    found.put(key, vOf(value));
                }
            }
        });
        return live[0];
    }

    /** MERKLE_REQ_BUCKET for each path, at most {@code inFlight} unanswered; each answer's payload to {@code onAnswer}. */
    private static void request(ProtocolSocket socket, String mapName, List<String> paths, String answerType,
                                int inFlight, Duration timeout, Consumer<Map<Value, Value>> onAnswer) throws IOException {
        int sent = 0;
        for (int answered = 0; answered < paths.size(); answered++) {
            while (sent < paths.size() && sent - answered < inFlight) {
                socket.send(Frames.merkleBucketRequest(mapName, paths.get(sent++)));
            }
            onAnswer.accept(payloadOf(socket.next(timeout), answerType));
        }
    }

    private static Map<Value, Value> payloadOf(byte[] frame, String type) throws IOException {
        Value message = MessagePack.newDefaultUnpacker(frame).unpackValue();
        Map<Value, Value> fields = message.asMapValue().map();
        String actual = String.valueOf(fields.get(ValueFactory.newString("type")));
        if (!type.equals(actual)) {
            throw new IOException("expected " + type + ", got " + AckReader.describe(frame));
        }
        return fields.get(PAYLOAD).asMapValue().map();
    }

    private static long vOf(Value value) {
        if (!value.isMapValue()) {
            return Long.MIN_VALUE;
        }
        Value v = value.asMapValue().map().get(ValueFactory.newString("v"));
        return v != null && v.isIntegerValue() ? v.asIntegerValue().toLong() : Long.MIN_VALUE;
    }
}
