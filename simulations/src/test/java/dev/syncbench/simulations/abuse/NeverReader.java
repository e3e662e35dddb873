package dev.syncbench.simulations.abuse;

import dev.syncbench.simulations.load.FrameTally;
import dev.syncbench.simulations.wire.AckReader;
import dev.syncbench.simulations.wire.Frames;
import dev.syncbench.simulations.wire.RawWebSocket;
import dev.syncbench.simulations.wire.Reply;
import dev.syncbench.simulations.wire.Tokens;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A client that subscribes to a live query on the load's map and then stops reading its socket,
 * with a small receive buffer, so the server's outbound for it fills with the load's events. The
 * server must close it (1013 "slow consumer") without its neighbours noticing. After
 * {@code stall} it reads what the server left in its socket to learn how the connection ended:
 * a close frame and its code, a bare end of stream, or nothing (still open: a failure to close).
 * A QUERY_SUB refused with ERROR 429 (its user over the query budget) is the server ending the
 * abuse before the client holds anything: such a session is counted as {@link #REFUSED}, not as
 * left open, when nothing but silence follows the refusal.
 */
public final class NeverReader implements Abuser {
    public static final String STILL_OPEN = "still open after the stall: the server never closed it";
    static final String PHASE_ENDED = "phase ended before the server closed it";
    public static final String REFUSED = "QUERY_SUB refused with ERROR 429, nothing held";
    private static final int RECEIVE_BUFFER = 4096;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(3);

    private final URI url;
    private final Tokens tokens;
    private final long connectionId;
    private final Duration stall;
    private final String mapName;
    private final FrameTally tally;
    private long sessions;

    public NeverReader(URI url, Tokens tokens, long connectionId, Duration stall, String mapName, FrameTally tally) {
        this.url = url;
        this.tokens = tokens;
        this.connectionId = connectionId;
        this.stall = stall;
        this.mapName = mapName;
        this.tally = tally;
    }

    @Override
    public FrameTally tally() {
        return tally;
    }

    @Override
    public void session(BooleanSupplier keepGoing) throws IOException, InterruptedException {
        try (RawWebSocket ws = RawWebSocket.connect(url, RECEIVE_BUFFER, STEP_TIMEOUT)) {
            Abuser.authenticate(ws, tokens.forConnection(connectionId));
            // any query on the map gets every change of it as a SERVER_EVENT; this one matches nothing,
            // so its snapshot is empty and only the live events fill the socket
            ws.sendBinary(Frames.querySub("never-" + sessions++, mapName,
                    List.of(new Frames.Leaf("eq", "s", "never matches"))));
            tally.add("subscribed, then stopped reading");
            long stallEnd = System.nanoTime() + stall.toNanos();
            boolean phaseEnded = false;
            while (System.nanoTime() - stallEnd < 0) {
                if (!keepGoing.getAsBoolean()) {
                    phaseEnded = true;
                    break;
                }
                Thread.sleep(100);
            }
            drain(ws, phaseEnded);
        }
    }

    /**
     * Reads everything the server left until its close frame, the end of the stream, or silence;
     * silence after the server refused the QUERY_SUB with 429 is the refusal, not a failure to close.
     */
    private void drain(RawWebSocket ws, boolean phaseEnded) throws IOException {
        ws.readTimeout(DRAIN_TIMEOUT);
        boolean[] refused = {false};
        try {
            Abuser.readUntilClose(ws, tally, payload -> {
                // what the server had queued before it gave up on this client: not counted, but
                // for the answer to the QUERY_SUB
                Reply reply = AckReader.read(payload);
                if (reply.kind() == Reply.Kind.ERROR && reply.code() == 429) {
                    refused[0] = true;
                }
            });
        } catch (SocketTimeoutException e) {
            tally.add(refused[0] ? REFUSED : phaseEnded ? PHASE_ENDED : STILL_OPEN);
        } catch (IOException e) {
            tally.add(Abuser.describeEnd(e));
        }
    }
}
