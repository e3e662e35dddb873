package dev.syncbench.simulations.abuse;

import dev.syncbench.simulations.load.FrameTally;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.RawWebSocket;
import dev.syncbench.simulations.wire.Reply;
import dev.syncbench.simulations.wire.Tokens;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A subscriber whose live queries on the load's map are regex and LIKE predicates that a
 * backtracking engine takes exponential time on, fed by large string values it writes to that
 * map itself and rewrites every {@code rewriteMs}, so each rewrite is matched against every query;
 * every {@code resubscribeMs} it drops and reopens its queries, so the server scans the whole map
 * for a snapshot again. It reads everything the server sends (SERVER_EVENTs for every load write).
 */
public final class RegexSubscriber implements Abuser {
    /** Under the server's 65,536-character match limit, so the patterns do run on them. */
    static final int VALUE_CHARS = 60_000;
    static final int KEYS = 4;
    static final int QUERIES = 4;
    /** Backtracking engines take exponential time on these; the server must not (PROTOCOL §6). */
    static final String PATHOLOGICAL_REGEX = "(a|b)*c";
    static final String PATHOLOGICAL_LIKE = "%a%a%a%a%a%a%b";
    private static final long REWRITE_MS = 500;
    private static final long RESUBSCRIBE_MS = 5_000;
    private static final String TEXT = "a".repeat(VALUE_CHARS);

    private final URI url;
    private final Tokens tokens;
    private final long connectionId;
    private final String mapName;
    private final FrameTally tally;
    private final ForeignWrites writes;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, List<String>> unanswered = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private int counter;
    private long batches;

    RegexSubscriber(URI url, Tokens tokens, long connectionId, String mapName, FrameTally tally, ForeignWrites writes) {
        this.url = url;
        this.tokens = tokens;
        this.connectionId = connectionId;
        this.mapName = mapName;
        this.tally = tally;
        this.writes = writes;
        for (int k = 0; k < KEYS; k++) {
            keys.add("abuse-regex-" + connectionId + "-" + k);
        }
    }

    @Override
    public FrameTally tally() {
        return tally;
    }

    @Override
    public void session(BooleanSupplier keepGoing) throws IOException, InterruptedException {
        try (RawWebSocket ws = RawWebSocket.connect(url, 0, STEP_TIMEOUT)) {
            Abuser.authenticate(ws, tokens.forConnection(connectionId));
            closing = false;
            Thread reader = Thread.ofVirtual().name("abuse-regex-reader").start(() -> read(ws));
            try {
                write(ws);
                subscribe(ws);
                long nextWrite = System.nanoTime() + REWRITE_MS * 1_000_000;
                long nextResubscribe = System.nanoTime() + RESUBSCRIBE_MS * 1_000_000;
                while (keepGoing.getAsBoolean() && reader.isAlive()) {
                    Thread.sleep(50);
                    long now = System.nanoTime();
                    if (now - nextWrite >= 0) {
                        write(ws);
                        nextWrite = now + REWRITE_MS * 1_000_000;
                    }
                    if (now - nextResubscribe >= 0) {
                        for (int q = 0; q < QUERIES; q++) {
                            ws.sendBinary(Frames.queryUnsub(queryId(q)));
                        }
                        subscribe(ws);
                        nextResubscribe = now + RESUBSCRIBE_MS * 1_000_000;
                    }
                }
                closing = true;
            } finally {
                Abuser.endSession(ws, reader);
            }
        }
    }

    private void write(RawWebSocket ws) throws IOException {
        String idPrefix = "abuse-regex-" + connectionId + "-" + batches++;
        unanswered.put(idPrefix + "-" + (KEYS - 1), keys);
        writes.sent(keys);
        ws.sendBinary(Frames.putStrings(idPrefix, mapName, keys, TEXT, System.currentTimeMillis(),
                counter++ & 0xFFFF, "abuse-regex-" + connectionId));
        tally.add("large values written");
    }

    private void subscribe(RawWebSocket ws) throws IOException {
        for (int q = 0; q < QUERIES; q++) {
            ws.sendBinary(Frames.querySub(queryId(q), mapName, List.of(
                    new Frames.Leaf("regex", "s", PATHOLOGICAL_REGEX),
                    new Frames.Leaf("like", "s", PATHOLOGICAL_LIKE))));
        }
        tally.add("queries opened");
    }

    private String queryId(int q) {
        return "regex-" + connectionId + "-" + q;
    }

    private void read(RawWebSocket ws) {
        try {
            Abuser.readUntilClose(ws, tally, payload -> {
                String type = AckReader.typeOf(payload);
                switch (type) {
                    case "OP_ACK" -> acknowledged(payload);
                    case "ERROR", "OP_REJECTED" -> tally.add(AckReader.describe(payload));
                    default -> tally.add(type + " received");
                }
            });
        } catch (IOException e) {
            tally.add(closing ? "closed by this client at the end of its phase" : Abuser.describeEnd(e));
        }
    }

    private void acknowledged(byte[] frame) {
        Reply reply = AckReader.read(frame);
        tally.add(reply.failedOps() == 0 ? "large-value writes acknowledged" : "large-value writes with rejected ops");
        for (String lastId : unanswered.keySet()) {
            byte[] id = lastId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (AckReader.isAckFor(frame, id, id.length)) {
                List<String> batchKeys = unanswered.remove(lastId);
                if (batchKeys != null && reply.failedOps() == 0) {
                    writes.acknowledged(batchKeys);
                }
                return;
            }
        }
    }
}
