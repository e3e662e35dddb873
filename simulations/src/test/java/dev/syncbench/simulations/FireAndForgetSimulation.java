package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncbench.simulations.load.LoadMode;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.util.List;

/**
 * Fire-and-forget: each connection sends batches back to back without waiting. After every
 * {@code window}-th batch it waits until each batch of the window is answered (5 s at most).
 * Every batch is confirmed by its own OP_ACK, read whenever it arrives, so the count does not
 * depend on the order of the answers. Throughput is confirmed ops per second; latency is the
 * window's round trip, from its first send to its last answer (a timeout at the time waited).
 * With {@code window} 0 nothing is awaited and throughput counts sends, as TopGun's harness
 * does, and is labelled unconfirmed; the answers are still read and counted.
 */
public class FireAndForgetSimulation extends SyncbenchSimulation {
    static final String WINDOW_ACK = "window round trip (first OP_BATCH to last OP_ACK)";
    static final String BATCH_ACK = "batch round trip (OP_BATCH to OP_ACK, unconfirmed)";

    public FireAndForgetSimulation() {
        super(LoadMode.FIRE_AND_FORGET);
        int window = settings.window();
        ChainBuilder oneRound = window == 0
                ? exec(sendBatch(true))
                : window == 1
                        ? exec(sendBatchAndAwaitWindow())
                        : repeat(window - 1).on(exec(sendBatch(false))).exec(sendBatchAndAwaitWindow());
        String unit = window == 0 ? BATCH_ACK : WINDOW_ACK;
        ScenarioBuilder scenario = scenario(window == 0 ? "fire-and-forget (unconfirmed)" : "fire-and-forget")
                .exec(connectAndAuthenticate(unit))
                .exec(untilDeadlineThenClose(oneRound));
        start(scenario, window == 0 ? List.of() : assertions(unit));
    }
}
