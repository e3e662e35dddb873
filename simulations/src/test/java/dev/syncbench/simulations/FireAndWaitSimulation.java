package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncbench.simulations.load.LoadMode;
import io.gatling.javaapi.core.ScenarioBuilder;

/**
 * Fire-and-wait, TopGun's default throughput mode: each connection sends a batch, waits for its
 * answer (5 s at most), pauses {@code interval} ms, and repeats for {@code duration}. Throughput is
 * confirmed ops per second; latency is each batch's round trip, a timed-out batch at 5 s.
 *
 * <p>This is a closed loop: a connection sends nothing while it waits, so a server that stalls is
 * sent less and its stall shows in few samples (coordinated omission). {@code -Dschedule=fixed}
 * makes each connection's sends due every {@code interval} ms: a send that is late goes at once,
 * and its latency counts from when it was due, so the stall enters every sample it delays.
 */
public class FireAndWaitSimulation extends SyncbenchSimulation {
    static final String ACK = "batch round trip (OP_BATCH to OP_ACK)";

    public FireAndWaitSimulation() {
        super(LoadMode.FIRE_AND_WAIT);
        ScenarioBuilder scenario = scenario("fire-and-wait")
                .exec(connectAndAuthenticate(ACK))
                .exec(untilDeadlineThenClose(exec(sendBatchAndAwaitWindow()).exec(pauseBetweenBatches())));
        start(scenario, assertions(ACK));
    }
}
