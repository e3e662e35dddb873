package dev.syncbench.simulations;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fire-and-wait, TopGun's default throughput mode: each connection sends a batch, waits for the
 * OP_ACK that names it (5 s at most), pauses {@code interval} ms, and repeats for {@code duration}.
 * Throughput is acked batches × batchSize per second; latency is each batch's ack round trip.
 */
public class FireAndWaitSimulation extends SyncbenchSimulation {
    static final String ACK = "OP_ACK";

    public FireAndWaitSimulation() {
        super(LoadMode.FIRE_AND_WAIT);
        ScenarioBuilder scenario = scenario("fire-and-wait")
                .exec(connectAndAuthenticate())
                .exec(untilDeadline(exec(sendBatchAndAwaitAck(ACK))
                        .pause(Duration.ofMillis(settings.intervalMs()))))
                .exec(close());
        start(scenario, assertions());
    }

    /** The baseline's floors, as Gatling assertions on the OP_ACK check (whole milliseconds). */
    private List<Assertion> assertions() {
        Baseline.Floors floors = baseline.floors();
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(details(ACK).requestsPerSec().gte(floors.minOpsPerSec() / settings.batchSize()));
        assertions.add(details(ACK).responseTime().percentile(50).lte((int) Math.ceil(floors.maxP50Us() / 1000.0)));
        assertions.add(details(ACK).successfulRequests().percent().gt(floors.minAckedPct()));
        return assertions;
    }
}
