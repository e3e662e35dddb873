package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fire-and-forget: each connection sends batches back to back without waiting. Every
 * {@code window}-th batch awaits its own OP_ACK; the server answers a connection's frames in
 * order, so that ack confirms the whole window. Throughput is confirmed windows × window ×
 * batchSize per second; latency is the window's round trip (first send to last ack).
 * With {@code window} 0 nothing is awaited and throughput counts sends, as TopGun's harness does,
 * and is labelled unconfirmed.
 */
public class FireAndForgetSimulation extends SyncbenchSimulation {
    static final String WINDOW_ACK = "window OP_ACK";
    static final String PONG = "PONG";
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public FireAndForgetSimulation() {
        super(LoadMode.FIRE_AND_FORGET);
        int window = settings.window();
        ChainBuilder oneRound = window == 0
                ? exec(sendBatch())
                : window == 1
                        ? exec(sendBatchAndAwaitAck(WINDOW_ACK))
                        : repeat(window - 1).on(exec(sendBatch())).exec(sendBatchAndAwaitAck(WINDOW_ACK));
        ChainBuilder load = connectAndAuthenticate().exec(untilDeadline(oneRound));
        if (window == 0) {
            load = load.exec(drain());
        }
        ScenarioBuilder scenario = scenario(window == 0 ? "fire-and-forget (unconfirmed)" : "fire-and-forget")
                .exec(load)
                .exec(close());
        start(scenario, assertions(window));
    }

    /**
     * Without a window nothing confirms the last batches, and Gatling queues sends the socket cannot
     * take yet. A PING answered after them (the server answers in order) marks the moment the
     * server has taken every batch: the load window ends there, and the socket closes only then.
     */
    private ChainBuilder drain() {
        return exec(ws("drain ping").wsName(WS_NAME).sendBytes(session -> Frames.ping(System.currentTimeMillis()))
                .await(DRAIN_TIMEOUT).on(ws.checkBinaryMessage(PONG)
                        .matching(bodyBytes().transform(AckReader::typeOf).is("PONG"))))
                .exec(session -> {
                    metrics.loopEnded(System.nanoTime());
                    return session;
                });
    }

    private List<Assertion> assertions(int window) {
        Baseline.Floors floors = baseline.floors();
        List<Assertion> assertions = new ArrayList<>();
        if (window == 0) {
            assertions.add(details(SEND).requestsPerSec().gte(floors.minOpsPerSec() / settings.batchSize()));
            return assertions;
        }
        assertions.add(details(WINDOW_ACK).requestsPerSec()
                .gte(floors.minOpsPerSec() / ((double) window * settings.batchSize())));
        assertions.add(details(WINDOW_ACK).responseTime().percentile(50)
                .lte((int) Math.ceil(floors.maxP50Us() / 1000.0)));
        return assertions;
    }
}
