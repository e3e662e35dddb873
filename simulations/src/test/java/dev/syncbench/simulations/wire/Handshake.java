package dev.syncbench.simulations.wire;

import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The Gatling steps that open a user's WebSocket: connect, expect AUTH_REQUIRED, authenticate with
 * the user's own token, expect AUTH_ACK; then wait until every user has finished its handshake, so
 * the load starts on all of them together (as TopGun's harness opens its pool first) and early
 * senders cannot starve late handshakes. A user that fails its handshake leaves.
 */
public final class Handshake {
    /** The name of each user's WebSocket in its Gatling session. */
    public static final String WS_NAME = "syncbench";
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);
    static final Duration BARRIER_TIMEOUT = Duration.ofSeconds(30);
    static final Duration BARRIER_POLL = Duration.ofMillis(5);
    private static final String BARRIER_START = "syncbench.barrierStart";

    private Handshake() {
    }

    public static ChainBuilder connectAndAuthenticate(URI url, Tokens tokens, HandshakeCount count, int users) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return connectThenAuthenticate(session -> path, tokens, count, users);
    }

    /** The same, each user connecting to the URL {@code urlOf} names for its user id (an absolute ws:// URL). */
    public static ChainBuilder connectAndAuthenticate(LongFunction<URI> urlOf, Tokens tokens, HandshakeCount count,
                                                      int users) {
        return connectThenAuthenticate(session -> urlOf.apply(session.userId()).toString(), tokens, count, users);
    }

    private static ChainBuilder connectThenAuthenticate(Function<Session, String> url, Tokens tokens,
                                                        HandshakeCount count, int users) {
        long barrierTimeoutNanos = BARRIER_TIMEOUT.toNanos();
        return exec(ws("connect").wsName(WS_NAME).connect(url)
                        .await(STEP_TIMEOUT).on(ws.checkBinaryMessage("AUTH_REQUIRED")
                                .check(bodyBytes().transform(AckReader::typeOf).is("AUTH_REQUIRED"))))
                .doIf(session -> !session.isFailed()).then(
                        exec(ws("AUTH sent (0 ms, not timed)").wsName(WS_NAME)
                                .sendBytes(session -> Frames.auth(tokens.forConnection(session.userId())))
                                .await(STEP_TIMEOUT).on(ws.checkBinaryMessage("AUTH_ACK")
                                        .check(bodyBytes().transform(AckReader::typeOf).is("AUTH_ACK")))))
                .exec(session -> {
                    count.finished(!session.isFailed());
                    return session.set(BARRIER_START, System.nanoTime());
                })
                .exitHereIfFailed()
                .asLongAs(session -> count.finished() < users
                        && System.nanoTime() - session.getLong(BARRIER_START) < barrierTimeoutNanos)
                .on(pause(BARRIER_POLL));
    }
}
