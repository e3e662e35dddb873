package dev.syncbench.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncbench.simulations.target.FakeSyncServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real simulations, run end to end as {@code mvn gatling:test} runs them, against a server
 * that answers with 429s, rejections, silence or out of order, or acknowledges ops it does not
 * store: what the run reports must be what the server confirmed and kept. Each run is short (4 connections, 3 s, no warm-up) with floors any run
 * passes, so that only the behaviour under test can fail it. The checks rely only on the JSON
 * summary's headline figures and the exit status.
 */
class MisleadingServerTest {
    @TempDir
    Path dir;

    @Test
    void fireAndForgetDoesNotCountBatchesAnsweredWithError429() throws Exception {
        try (FakeSyncServer server = FakeSyncServer.start((link, index, batch) -> {
            if (index % 4 == 1) {
                link.rateLimited();
            } else {
                link.ack(batch);
            }
        })) {
            SimulationRun run = run(FireAndForgetSimulation.class, server, SimulationRun.LENIENT_BASELINE, Map.of("window", "4"));

            assertTrue(server.confirmedOps() > 0, run.describe());
            assertEquals(server.confirmedOps(), run.totalOps(),
                    "confirmed ops must be exactly those the server acknowledged, not every op of an acked window; "
                            + run.describe());
        }
    }

    @Test
    void fireAndWaitDoesNotCountOpsTheAckListsAsRejected() throws Exception {
        // as a server whose clock is behind the client's answers: acked, but 3 ops of each batch rejected
        try (FakeSyncServer server = FakeSyncServer.start((link, index, batch) -> link.ackRejecting(batch, 3))) {
            SimulationRun run = run(FireAndWaitSimulation.class, server, SimulationRun.LENIENT_BASELINE, Map.of());

            assertTrue(server.confirmedOps() > 0, run.describe());
            assertEquals(server.confirmedOps(), run.totalOps(),
                    "ops the OP_ACK's results reject must not count as confirmed; " + run.describe());
        }
    }

    @Test
    void fireAndWaitDoesNotCountOpsTheServerRejectedWithOpRejected() throws Exception {
        try (FakeSyncServer server = FakeSyncServer.start((link, index, batch) -> link.rejectThenAck(batch, 1))) {
            SimulationRun run = run(FireAndWaitSimulation.class, server, SimulationRun.LENIENT_BASELINE, Map.of());

            assertTrue(server.confirmedOps() > 0, run.describe());
            assertEquals(server.confirmedOps(), run.totalOps(),
                    "an op answered with OP_REJECTED must not count as confirmed; " + run.describe());
        }
    }

    @Test
    void outOfOrderAnswersConfirmOnlyTheirOwnBatchAndFailTheRun() throws Exception {
        // like a server dispatching a connection's frames concurrently: the window's awaited batch is
        // acknowledged first, then the earlier ones, one of them with a 429
        try (FakeSyncServer server = FakeSyncServer.start((link, index, batch) -> {
            if (index % 4 != 3) {
                link.held.add(batch);
                return;
            }
            link.ack(batch);
            link.ack(link.held.get(0));
            link.rateLimited();
            link.ack(link.held.get(2));
            link.held.clear();
        })) {
            SimulationRun run = run(FireAndForgetSimulation.class, server, SimulationRun.LENIENT_BASELINE, Map.of("window", "4"));

            assertTrue(server.confirmedOps() > 0, run.describe());
            assertEquals(server.confirmedOps(), run.totalOps(),
                    "the awaited batch's ack confirms nothing about earlier batches answered out of order; "
                            + run.describe());
            assertFalse(run.failedChecks().isEmpty(),
                    "a target said to answer in order that does not must fail the run; " + run.describe());
            assertNotEquals(0, run.exitStatus(), run.describe());
        }
    }

    @Test
    void fireAndForgetBatchNeverAnsweredFailsTheRun() throws Exception {
        // batch 5 of each connection sits in the second window; the window's awaited batch 7 is acked
        try (FakeSyncServer server = FakeSyncServer.start((link, index, batch) -> {
            if (index != 5) {
                link.ack(batch);
            }
        })) {
            SimulationRun run = run(FireAndForgetSimulation.class, server, SimulationRun.LENIENT_BASELINE, Map.of("window", "4"));

            assertEquals(server.confirmedOps(), run.totalOps(), "a timed-out batch is not confirmed; " + run.describe());
            assertFalse(run.failedChecks().isEmpty(),
                    "fire-and-forget tolerates no timed-out batch by default; " + run.describe());
            assertNotEquals(0, run.exitStatus(), run.describe());
        }
    }

    @Test
    void timedOutLastWindowEntersTheLatencyButDoesNotStretchTheLoadWindow() throws Exception {
        // the server answers each connection for 1.5 s, then falls silent: each one's last batch times out
        try (FakeSyncServer server = FakeSyncServer.start((link, index, batch) -> {
            if (link.sinceFirstBatch().compareTo(Duration.ofMillis(1_500)) < 0) {
                link.ack(batch);
            }
        })) {
            SimulationRun run = run(FireAndWaitSimulation.class, server, SimulationRun.LENIENT_BASELINE, Map.of());

            double confirmedPerSec = server.confirmedOps() / server.confirmingSeconds();
            assertTrue(run.opsPerSec() >= 0.8 * confirmedPerSec, String.format(
                    "the load window must end at the last confirmation (server: %.0f ops/s confirmed over %.2f s); %s",
                    confirmedPerSec, server.confirmingSeconds(), run.describe()));
            // 4 of about 120 batches timed out after 5 s: more than 1 %, so p99 is a timeout
            long p99 = run.summary().path("latency").path("p99_us").asLong();
            assertTrue(p99 >= 4_900_000, "timeouts must enter the latency figures at the time waited; "
                    + run.describe());
        }
    }

    @Test
    void exitStatusAndJsonSummaryGiveOneVerdict() throws Exception {
        // slow handshakes lengthen Gatling's whole run, not the load: a floor between the two rates
        // is where a second verdict, computed over another span, would disagree with the summary
        String baseline = """
                {"regression_tolerance_pct": 20,
                 "fire_and_wait": {"min_ops_per_sec": 500, "max_p50_us": 10000000, "min_acked_pct": 1},
                 "fire_and_forget": {"min_ops_per_sec": 1, "max_p50_us": 10000000}}
                """;
        try (FakeSyncServer server = FakeSyncServer.startWithAuthDelay((link, index, batch) -> link.ack(batch),
                Duration.ofSeconds(3))) {
            SimulationRun run = run(FireAndWaitSimulation.class, server, baseline, Map.of());

            assertEquals(run.exitStatus() != 0, !run.failedChecks().isEmpty(),
                    "the exit status must fail exactly when the summary lists a failed check; " + run.describe());
        }
    }

    @Test
    void aServerThatCountsEveryOpAppliedButStoresNoneFailsNothingLost() throws Exception {
        // its applied counter on /metrics matches what the clients sent, yet the store is empty
        try (FakeSyncServer server = FakeSyncServer.startStoringNothing((link, index, batch) -> link.ack(batch))) {
            SimulationRun run = run(FireAndWaitSimulation.class, server, SimulationRun.LENIENT_BASELINE, Map.of());

            assertTrue(run.totalOps() > 0, run.describe());
            assertTrue(run.failedChecks().contains("nothing_lost"),
                    "acknowledged ops the store does not hold are lost, whatever the applied counter says; "
                            + run.describe());
            assertNotEquals(0, run.exitStatus(), run.describe());
        }
    }

    private SimulationRun run(Class<?> simulation, FakeSyncServer server, String baseline, Map<String, String> extra)
            throws IOException, InterruptedException {
        return run(simulation, server.url(), baseline, extra);
    }

    private SimulationRun run(Class<?> simulation, URI target, String baseline, Map<String, String> extra)
            throws IOException, InterruptedException {
        Path baselineFile = Files.writeString(dir.resolve("baseline.json"), baseline);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("target", target.toString());
        properties.put("baseline.file", baselineFile.toString());
        properties.put("connections", "4");
        properties.put("duration", "3");
        properties.put("warmup", "0");
        properties.putAll(extra);
        return SimulationRun.of(simulation, dir, properties);
    }
}
